# The benchmark suite (libos-tenon/bench/) on Tenon bare at EL1, periodic tick. Room for the
# 10,000 timers of the timer-cost rows plus every thread's timeout.
bench-suite-srcs := $(addprefix libos-tenon/bench/,port_tenon.c block_pool.c bench_suite.c \
	switch_ring.c latency_measure.c thread_metric.c paper_rows.c)
bench-suite-includes := $(tenon-base-includes) -Ilibos-tenon/bench -DTENON_TIMER_CAPACITY=10240

libos-tenon/bench-tick-el := 1
libos-tenon/bench-tick-srcs := $(bench-suite-srcs) $(tenon-base-srcs)
libos-tenon/bench-tick-libs := $(tenon-base-libs) bench
libos-tenon/bench-tick-includes := $(bench-suite-includes) -DTENON_TICKLESS=0
libos-tenon/bench-tick-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
