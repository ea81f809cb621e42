// widget: code 4, comment 1, blank 1
#include "widget.h"

int widget(int value)
{ /* trailing */
	return value * 2; }
