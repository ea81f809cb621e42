# The benchmark suite tickless: the same sources with the override the tests-tickless image uses.
test/tenon-bench/bench-tickless-el := 1
test/tenon-bench/bench-tickless-srcs := $(bench-suite-srcs) $(tenon-base-srcs)
test/tenon-bench/bench-tickless-libs := $(tenon-base-libs) bench
test/tenon-bench/bench-tickless-includes := $(tenon-base-includes) $(bench-suite-includes) -DTENON_TICKLESS=1
test/tenon-bench/bench-tickless-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
