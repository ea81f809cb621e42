#include "caps_test.h"
int run_model_tests(void) { return 0; }
