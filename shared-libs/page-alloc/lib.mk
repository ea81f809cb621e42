page-alloc-srcs := page_alloc.c page_bitmap.c
page-alloc-host-srcs := $(page-alloc-srcs)
page-alloc-host-deps := sync
page-alloc-tests := test/test_page_alloc.c
page-alloc-host-ldlibs := -lpthread
