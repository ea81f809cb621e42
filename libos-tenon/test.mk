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
# EL0 processes: the musl programs of libos-tenon/apps/ become static AArch64 ELF files (musl's
# libc.a from the arm64 sysroot, linked at the user base 0x80000000), which the processes image
# embeds with .incbin.
TENON_APPS_DIR := $(O)/libos-tenon/apps
TENON_APPS := $(patsubst libos-tenon/apps/%.c,$(TENON_APPS_DIR)/%.elf,$(wildcard libos-tenon/apps/*.c))
TENON_MUSL := $(SYSROOT)/usr/lib/aarch64-linux-musl
TENON_APP_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O2 -g $(WARNINGS) -Wno-missing-prototypes -nostdinc \
	-isystem $(SYSROOT)/usr/include/aarch64-linux-musl -fno-pie
TENON_APP_LDFLAGS := -static -no-pie -nostdlib -Wl,-Ttext-segment=0x80000000 -Wl,--build-id=none
$(TENON_APPS_DIR)/%.elf: libos-tenon/apps/%.c $(TARGET_PREREQS)
	@echo "  APP     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(TENON_APP_CFLAGS) $(TENON_APP_LDFLAGS) -o $@ $(TENON_MUSL)/crt1.o \
		$(TENON_MUSL)/crti.o $< -Wl,--start-group $(TENON_MUSL)/libc.a -lgcc -Wl,--end-group \
		$(TENON_MUSL)/crtn.o
$(O)/libos-tenon/processes/libos-tenon/processes/apps.o: $(TENON_APPS)
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/processes/processes.img
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-processes.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/processes/processes.img'
# The real-time demo (periodic task over background load) bare, on the instruction-counted clock.
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/rt-demo/rt-demo.img
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-rt-demo.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/rt-demo/rt-demo.img'
# Interrupt nesting by priority and deferred work, driven by SGIs the CPU sends itself.
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/tests-irq/tests-irq.img
INTEGRATION_TESTS += \
	'$(call expect,60,test/integration/tenon-irq-nesting.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/tests-irq/tests-irq.img'
# SMP: two CPUs, per-CPU ready queues, affinity, cross-CPU wake-up by SGI and preemption
# (libos-tenon/tests-smp/, TENON_SMP_CPUS=2), bare with -smp 2 on the instruction-counted clock.
QEMU_TENON_SMP := $(subst -smp 1,-smp 2,$(QEMU_TENON)) -icount shift=0,sleep=off
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/tests-smp/tests-smp.img
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-smp.expect) $(QEMU_TENON_SMP) \
		-kernel $(TENON_TESTS_DIR)/tests-smp/tests-smp.img'
