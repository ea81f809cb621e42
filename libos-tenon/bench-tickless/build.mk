# The benchmark suite tickless: the same sources with the override the tests-tickless image uses.
# bench-suite-* come from ../bench-tick/build.mk, hence the deferred "=".
libos-tenon/bench-tickless-el := 1
libos-tenon/bench-tickless-srcs = $(bench-suite-srcs) $(tenon-base-srcs)
libos-tenon/bench-tickless-libs := $(tenon-base-libs) bench
libos-tenon/bench-tickless-includes = $(bench-suite-includes) -DTENON_TICKLESS=1
libos-tenon/bench-tickless-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
