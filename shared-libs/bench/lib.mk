bench-srcs := bench.c arch/aarch64/counter.c
bench-host-srcs := bench.c
bench-host-deps := cpu fmt console pl011
bench-tests := test/test_bench.c
