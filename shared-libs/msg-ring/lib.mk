msg-ring-srcs := msg_ring.c
msg-ring-host-srcs := msg_ring.c
msg-ring-tests := test/test_msg_ring.c
msg-ring-fuzzers := fuzz/fuzz_msg_ring.c
# make test fuzzes this many inputs (a few seconds).
fuzz_msg_ring-test-runs := 50000
