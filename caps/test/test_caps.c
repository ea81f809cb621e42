/* SPDX-License-Identifier: Apache-2.0 */
/* One binary for all caps tests: each file contributes a group, run here in turn. */
#include "caps_test.h"

int main(void)
{
	int failed = 0;

#if defined(__SANITIZE_THREAD__)
	/* The ThreadSanitizer build (make test runs it too) is for the groups that start threads. */
	return run_concurrency_tests() ? 1 : 0;
#endif
	failed += run_cspace_tests();
	failed += run_derivation_tests();
	failed += run_hypercall_tests();
	failed += run_model_tests();
	failed += run_concurrency_tests();
	return failed ? 1 : 0;
}
