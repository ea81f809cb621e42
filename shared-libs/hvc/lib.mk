hvc-srcs := hvc_console.c hvc_call_with.c arch/aarch64/hvc_call.c
hvc-host-srcs := hvc_console.c hvc_call_with.c host/hvc_fake.c
hvc-tests := test/test_hvc.c
