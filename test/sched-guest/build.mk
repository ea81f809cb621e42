# The Tenon image of Mode 2's end-to-end test: every template of test/sched-guest/sched-e2e.dts
# runs it, and it takes its part from the template name the sched component puts in its
# devicetree (main.c).
test/sched-guest-el := 1
test/sched-guest-srcs := test/sched-guest/main.c $(tenon-base-srcs)
test/sched-guest-libs := $(tenon-base-libs)
test/sched-guest-includes := $(tenon-base-includes)
test/sched-guest-config-fragments := libos-tenon/configs/tickless.conf
test/sched-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
