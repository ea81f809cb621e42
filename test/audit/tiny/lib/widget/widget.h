/* widget: header, code 4, comment 1, blank 1 */

#ifndef WIDGET_H
#define WIDGET_H
int widget(int value);
#endif
