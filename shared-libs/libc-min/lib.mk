libc-min-srcs := string.c strtoul.c stack_protector.c
# On the host the same sources define libc_min_memcpy etc. (include/libc_min_name.h), tested
# against glibc. stack_protector.c is target-only: glibc provides __stack_chk_fail.
libc-min-host-srcs := string.c strtoul.c
libc-min-tests := test/test_libc_min.c test/test_string.c test/test_strtoul.c
