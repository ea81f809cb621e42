sched-proto-srcs := names.c request.c reply.c mailbox.c
sched-proto-host-srcs := $(sched-proto-srcs)
sched-proto-tests := test/test_sched_proto.c
sched-proto-fuzzers := fuzz/fuzz_sched_request.c fuzz/fuzz_sched_reply.c
fuzz_sched_request-test-runs := 50000
fuzz_sched_reply-test-runs := 50000
