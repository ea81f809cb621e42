# The benchmark suite (test/tenon-bench/) on Tenon bare at EL1, periodic tick.
test/tenon-bench/bench-tick-el := 1
test/tenon-bench/bench-tick-srcs := $(bench-suite-srcs) $(tenon-base-srcs)
test/tenon-bench/bench-tick-libs := $(tenon-base-libs) bench
test/tenon-bench/bench-tick-includes := $(tenon-base-includes) $(bench-suite-includes) -DTENON_TICKLESS=0
test/tenon-bench/bench-tick-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
