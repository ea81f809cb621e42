psci-srcs := psci.c arch/aarch64/conduit.c
psci-host-srcs := psci.c host/conduit_fake.c
psci-tests := test/test_psci.c
