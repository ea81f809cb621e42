# The EL1 guest that checks Mortise's hypercall ABI from the inside (run as Mortise's boot module).
test/caps-guest-el := 1
test/caps-guest-srcs := $(addprefix test/caps-guest/,main.c checks.c race.c copy.c bench.c \
	mode2_bench.c arch/aarch64/secondary_entry.S arch/aarch64/mode2_instance.S) \
	shared-libs/boot/$(boot-el1-srcs)
test/caps-guest-libs := boot cpu sync libc-min fmt console exception hvc psci bench gtimer gicv3
test/caps-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
test/caps-guest-includes := -Itest/caps-guest
