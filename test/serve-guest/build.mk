# A guest that serves the exits of its own child partitions on the CPUs where they happen, with a
# vCPU of its own on each (mortise-serve.expect), run as Mortise's boot module.
test/serve-guest-el := 1
test/serve-guest-srcs := $(addprefix test/serve-guest/,main.c arch/aarch64/server_entry.S) \
	shared-libs/boot/$(boot-el1-srcs)
test/serve-guest-libs := boot cpu sync libc-min fmt console exception hvc psci gtimer
test/serve-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
test/serve-guest-includes := -Itest/caps-guest -Itest/serve-guest
