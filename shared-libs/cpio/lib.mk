cpio-srcs := cpio.c
cpio-host-srcs := cpio.c
cpio-tests := test/test_cpio.c
