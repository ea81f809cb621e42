# Tenon's QEMU tests bare at EL1 (included by test/build.mk): the primitives image in periodic and
# tickless mode, and with priority inheritance compiled out, where the inversion tests must report
# failure; EL0 processes; interrupt nesting; SMP; the real-time demo (demos/rt-demo/).
TENON_TESTS_DIR := $(O)/test/tenon-tests
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
# EL0 processes: the musl programs of test/tenon-tests/apps/ become static AArch64 ELF files
# (musl's libc.a from the arm64 sysroot, linked at the user base 0x80000000), which the processes
# image embeds with .incbin.
TENON_APPS_DIR := $(O)/test/tenon-tests/apps
TENON_APPS := $(patsubst test/tenon-tests/apps/%.c,$(TENON_APPS_DIR)/%.elf,\
	$(wildcard test/tenon-tests/apps/*.c))
TENON_MUSL := $(SYSROOT)/usr/lib/aarch64-linux-musl
TENON_APP_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O2 -g $(WARNINGS) -Wno-missing-prototypes -nostdinc \
	-isystem $(SYSROOT)/usr/include/aarch64-linux-musl -fno-pie -Ilibos-tenon/process
TENON_APP_LDFLAGS := -static -no-pie -nostdlib -Wl,-Ttext-segment=0x80000000 -Wl,--build-id=none
$(TENON_APPS_DIR)/%.elf: test/tenon-tests/apps/%.c libos-tenon/process/tenon_syscall.h $(TARGET_PREREQS)
	@echo "  APP     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(TENON_APP_CFLAGS) $(TENON_APP_LDFLAGS) -o $@ $(TENON_MUSL)/crt1.o \
		$(TENON_MUSL)/crti.o $< -Wl,--start-group $(TENON_MUSL)/libc.a -lgcc -Wl,--end-group \
		$(TENON_MUSL)/crtn.o
$(O)/test/tenon-tests/processes/test/tenon-tests/processes/apps.o: $(TENON_APPS)
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/processes/processes.img
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-processes.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/processes/processes.img'
# The real-time demo (periodic task over background load) bare, on the instruction-counted clock.
INTEGRATION_TOOLS += $(RT_DEMO_IMAGE)
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-rt-demo.expect) $(QEMU_TENON_TIMED) \
		-kernel $(RT_DEMO_IMAGE)'
# Interrupt nesting by priority and deferred work, driven by SGIs the CPU sends itself.
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/tests-irq/tests-irq.img
INTEGRATION_TESTS += \
	'$(call expect,60,test/integration/tenon-irq-nesting.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/tests-irq/tests-irq.img'
# The same bounded at 4, a power of two (the IRQ entry's other way of testing the bound).
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/tests-irq-bound4/tests-irq-bound4.img
INTEGRATION_TESTS += \
	'$(call expect,60,test/integration/tenon-irq-nesting.expect) $(QEMU_TENON_TIMED) \
		-kernel $(TENON_TESTS_DIR)/tests-irq-bound4/tests-irq-bound4.img'
# SMP: two CPUs, per-CPU ready queues, affinity, cross-CPU wake-up by SGI and preemption
# (test/tenon-tests/tests-smp/, TENON_SMP_CPUS=2), bare with -smp 2 on the instruction-counted
# clock.
QEMU_TENON_SMP := $(subst -smp 1,-smp 2,$(QEMU_TENON)) -icount shift=0,sleep=off
INTEGRATION_TOOLS += $(TENON_TESTS_DIR)/tests-smp/tests-smp.img
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/tenon-smp.expect) $(QEMU_TENON_SMP) \
		-kernel $(TENON_TESTS_DIR)/tests-smp/tests-smp.img'
# Optional features (semaphores, message queues, event flags, processes) linked only where asked.
TOOL_TESTS += 'test/tenon-tests/options-left-out.sh $(O)'
# x18 reserved for Tenon's interrupt entry in every image with Tenon in it.
TOOL_TESTS += 'test/tenon-tests/x18-reserved.sh $(IMAGE_FILES:.img=.elf)'
