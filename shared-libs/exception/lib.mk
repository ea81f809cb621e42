exception-srcs := exception.c exception_names.c arch/aarch64/vectors.S arch/aarch64/park.c
CONFIG_SOURCES += shared-libs/exception/exception_names.c:LIB_EXCEPTION_NAMES
exception-host-srcs := exception.c exception_names.c
exception-host-deps := cpu fmt console pl011
exception-tests := test/test_exception.c
