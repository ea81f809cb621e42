sync-tests := test/test_sync.c
sync-host-ldlibs := -lpthread
