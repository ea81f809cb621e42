/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What -fstack-protector code needs: Debian's libfdt.a is built with it, so each protected libfdt
 * function copies __stack_chk_guard into its frame on entry and calls __stack_chk_fail() when the
 * copy has changed on return, i.e. when a buffer overflow has run over its frame. Our own code is
 * built with -fno-stack-protector, this file included (it must be: __stack_chk_fail cannot itself
 * be checked).
 */
#include <stdint.h>

#include "include/stdlib.h"

/* Referenced by compiler-generated code only, so no header declares them. */
extern uintptr_t __stack_chk_guard;
_Noreturn void __stack_chk_fail(void);

/*
 * There is no entropy source this early, so the guard starts as a fixed value. Its low byte is
 * zero so that an overflow by a string copy, which stops at a NUL, cannot reproduce it. An image
 * that has entropy (RNDR, the DTB's /chosen/rng-seed) may store a random value here whenever no
 * libfdt call is in progress: only libfdt frames hold copies of the guard.
 */
uintptr_t __stack_chk_guard = (uintptr_t)0x5e7a0c3d9b2f4100u;

void __stack_chk_fail(void)
{
	abort();
}
