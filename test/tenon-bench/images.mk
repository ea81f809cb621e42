# What the images of test/tenon-bench/ share: the benchmark suite (README.md) on Tenon bare at EL1,
# with room for the 10,000 timers of the timer-cost rows (bench.conf).
bench-suite-srcs := $(addprefix test/tenon-bench/,port_tenon.c block_pool.c bench_suite.c \
	switch_ring.c latency_measure.c thread_metric.c paper_rows.c)
bench-suite-includes := -Itest/tenon-bench
bench-suite-config-fragments := test/tenon-bench/bench.conf
