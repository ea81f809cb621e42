#include "caps_test.h"
int run_hypercall_tests(void) { return 0; }
