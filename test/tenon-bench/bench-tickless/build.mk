# The benchmark suite (test/tenon-bench/) on Tenon bare at EL1, tickless.
test/tenon-bench/bench-tickless-el := 1
test/tenon-bench/bench-tickless-srcs := $(bench-suite-srcs) $(tenon-base-srcs)
test/tenon-bench/bench-tickless-libs := $(tenon-base-libs) bench
test/tenon-bench/bench-tickless-includes := $(tenon-base-includes) $(bench-suite-includes)
test/tenon-bench/bench-tickless-config-fragments := libos-tenon/configs/tickless.conf \
	$(bench-suite-config-fragments)
test/tenon-bench/bench-tickless-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
