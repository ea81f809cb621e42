/* A fixture for tenon-audit: nothing calls it, so --gc-sections drops all of it and the audit
 * must not count its lines, nor those of the headers it alone reads. */
#include "unused.h"

int unused(int value)
{
	return value + UNUSED_OFFSET;
}
