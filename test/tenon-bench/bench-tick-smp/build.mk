# The benchmark suite (test/tenon-bench/) on Tenon bare at EL1, periodic tick, built for two CPUs
# (smp.conf): the same rows with SMP's per-CPU queues and kernel lock in every path.
test/tenon-bench/bench-tick-smp-el := 1
test/tenon-bench/bench-tick-smp-srcs := $(bench-suite-srcs) $(tenon-base-srcs)
test/tenon-bench/bench-tick-smp-libs := $(tenon-base-libs) bench
test/tenon-bench/bench-tick-smp-includes := $(tenon-base-includes) $(bench-suite-includes)
test/tenon-bench/bench-tick-smp-config-fragments := libos-tenon/configs/periodic-tick.conf \
	$(bench-suite-config-fragments) test/tenon-bench/smp.conf
test/tenon-bench/bench-tick-smp-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
