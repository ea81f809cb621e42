/* SPDX-License-Identifier: Apache-2.0 */
/* What test_fmt.c's main runs besides its own tests. */
#ifndef FMT_TESTS_H
#define FMT_TESTS_H

#include <stdarg.h>
#include <stddef.h>

#include "fmt.h"

/* format_small.c's fmt_vformat, under the name it takes on the host. */
size_t fmt_small_vformat(fmt_sink sink, void *context, const char *format, va_list args);

int run_fmt_small_tests(void);

#endif
