/* A fixture for tenon-audit: its counts are checked by test/audit/run.sh.
 * code 8, comment 5, blank 3 (cloc agrees). */
#include "widget.h"

// a line comment
static const char text[] = "/* not a comment */ // nor this";

int main(void) /* comment after code */
{
	/* a comment
	   over three
	   lines */ int x = widget(text[0]);

	char quote = '"'; // a quote in a character
	return x + quote;
}
