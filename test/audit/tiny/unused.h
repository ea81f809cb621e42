/* Read by unused.c alone: not counted either. */
#define UNUSED_OFFSET 3
int unused(int value);
