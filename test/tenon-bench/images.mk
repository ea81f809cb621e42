# What the images of test/tenon-bench/ share: the benchmark suite (README.md) on Tenon bare at EL1.
# Room for the 10,000 timers of the timer-cost rows plus every thread's timeout.
bench-suite-srcs := $(addprefix test/tenon-bench/,port_tenon.c block_pool.c bench_suite.c \
	switch_ring.c latency_measure.c thread_metric.c paper_rows.c)
bench-suite-includes := -Itest/tenon-bench -DTENON_TIMER_CAPACITY=10240
