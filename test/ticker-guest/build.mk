# A guest for the root-component tests and the demo: says hello a few times, a little apart, on the
# console capability the policy gives it, then powers its partition off.
test/ticker-guest-el := 1
test/ticker-guest-srcs := test/ticker-guest/main.c shared-libs/boot/$(boot-el1-srcs)
test/ticker-guest-libs := boot cpu sync libc-min fmt console exception hvc psci gtimer
test/ticker-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
