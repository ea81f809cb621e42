# Tenon's QEMU tests (included by test/build.mk): the primitives image in periodic and tickless
# mode, and with priority inheritance compiled out, where the inversion tests must report failure.
TENON_TESTS_DIR := $(O)/libos-tenon
# Timing checks (sleep accuracy, time slices) run on QEMU's instruction-counted clock, so a busy
# host cannot stretch guest time between two reads of the counter.
QEMU_TENON_TIMED := $(QEMU_TENON) -icount shift=0,sleep=off
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/tests/tests.img \
	$(TENON_TESTS_DIR)/tests-tickless/tests-tickless.img \
	$(TENON_TESTS_DIR)/tests-nopi/tests-nopi.img
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-primitives.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/tests/tests.img' \
	'$(call expect,120,test/integration/tenon-primitives-tickless.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/tests-tickless/tests-tickless.img' \
	'$(call expect,120,test/integration/tenon-primitives-nopi.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/tests-nopi/tests-nopi.img'
# The benchmark suite as a smoke test: under -icount its figures repeat exactly, so its shape
# checks (check: ... PASS) are deterministic; make bench collects the figures themselves.
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/bench-tick/bench-tick.img \
	$(TENON_TESTS_DIR)/bench-tickless/bench-tickless.img
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-bench.expect) $(QEMU_TENON) \
		-icount shift=0,sleep=off -kernel $(TENON_TESTS_DIR)/bench-tick/bench-tick.img' \
	'$(call expect,120,test/integration/tenon-bench-tickless.expect) $(QEMU_TENON) \
		-icount shift=0,sleep=off -kernel $(TENON_TESTS_DIR)/bench-tickless/bench-tickless.img'
