# The benchmark suite (test/tenon-bench/) on Tenon bare at EL1, periodic tick.
test/tenon-bench/bench-tick-el := 1
test/tenon-bench/bench-tick-srcs := $(bench-suite-srcs) $(tenon-base-srcs)
test/tenon-bench/bench-tick-libs := $(tenon-base-libs) bench
test/tenon-bench/bench-tick-includes := $(tenon-base-includes) $(bench-suite-includes)
test/tenon-bench/bench-tick-config-fragments := libos-tenon/configs/periodic-tick.conf \
	$(bench-suite-config-fragments)
test/tenon-bench/bench-tick-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
