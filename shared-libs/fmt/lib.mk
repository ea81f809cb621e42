fmt-srcs := format.c snprintf.c
fmt-host-srcs := format.c snprintf.c
fmt-tests := test/test_fmt.c
