# Tenon's benchmark suite bare at EL1 as a smoke test, one-CPU and SMP builds (included by
# test/build.mk): under -icount its figures repeat exactly, so its shape checks (check: ... PASS)
# are deterministic. make bench
# collects the figures themselves (BENCH_RUNS in test/build.mk), and test/bench-guest/ runs the
# same images as Mortise guests.
INTEGRATION_TOOLS += $(TENON_BENCH_TICK_IMAGE) $(TENON_BENCH_TICKLESS_IMAGE) \
	$(TENON_BENCH_TICK_SMP_IMAGE) $(TENON_BENCH_TICKLESS_SMP_IMAGE)
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-bench.expect) $(QEMU_TENON) \
		-icount shift=0,sleep=off -kernel $(TENON_BENCH_TICK_IMAGE)' \
	'$(call expect,120,test/integration/tenon-bench-tickless.expect) $(QEMU_TENON) \
		-icount shift=0,sleep=off -kernel $(TENON_BENCH_TICKLESS_IMAGE)' \
	'$(call expect,120,test/integration/tenon-bench.expect) $(QEMU_TENON_SMP) \
		-kernel $(TENON_BENCH_TICK_SMP_IMAGE)' \
	'$(call expect,120,test/integration/tenon-bench-tickless.expect) $(QEMU_TENON_SMP) \
		-kernel $(TENON_BENCH_TICKLESS_SMP_IMAGE)'
