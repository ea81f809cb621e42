# A guest that shares a CPU with another (test/timer-guest/bench.mk): it wakes on its virtual
# timer every millisecond and waits in WFI in between, so its CPU's scheduler switches between
# the two.
test/sharer-guest-el := 1
test/sharer-guest-srcs := test/sharer-guest/main.c shared-libs/boot/$(boot-el1-srcs)
test/sharer-guest-libs := boot cpu sync libc-min fmt console exception hvc gicv3 gtimer
test/sharer-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
