# SPDX-License-Identifier: Apache-2.0
# The capability library: the same sources in Mortise (EL2) and in every host tool and test.
caps-srcs := status.c cspace.c derivation.c check.c hypercall.c hypercall_caps.c
caps-host-srcs := $(caps-srcs)
caps-tests := test/test_caps.c test/test_cspace.c test/test_derivation.c test/test_hypercall.c \
	test/test_model.c test/test_concurrency.c
caps-host-ldlibs := -lpthread
# The concurrency test's threads also run under ThreadSanitizer.
caps-host-tsan := yes
caps-fuzzers := fuzz/fuzz_operations.c fuzz/fuzz_hypercall.c
# Inputs make test fuzzes (a few seconds each): these two run a whole capability system per input.
fuzz_operations-test-runs := 2000
fuzz_hypercall-test-runs := 3000
