hvc-srcs := hvc_console.c arch/aarch64/hvc_call.c
hvc-host-srcs := hvc_console.c host/hvc_fake.c
hvc-tests := test/test_hvc.c
