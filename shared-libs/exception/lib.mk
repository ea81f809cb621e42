exception-srcs := exception.c arch/aarch64/vectors.S arch/aarch64/park.c
exception-host-srcs := exception.c
exception-host-deps := cpu fmt console pl011
exception-tests := test/test_exception.c
