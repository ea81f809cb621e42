# QEMU integration tests: each boots a real image and matches its console against a script in
# test/integration/ with the qemu-expect harness (test/harness/).

QEMU := qemu-system-aarch64
# pauth-impdef: QEMU's default pointer-authentication algorithm is slow to emulate.
QEMU_COMMON := -cpu max,pauth-impdef=on -m 1G -nographic -nic none -no-reboot
QEMU_MORTISE := $(QEMU) -M virt,virtualization=on,gic-version=3,dtb-randomness=off -smp 4 \
	$(QEMU_COMMON)
QEMU_TENON := $(QEMU) -M virt,gic-version=3,dtb-randomness=off -smp 1 $(QEMU_COMMON)
# Timing checks (sleep accuracy, time slices, deadlines) run on QEMU's instruction-counted clock,
# so a busy host cannot stretch guest time between two reads of the counter.
QEMU_TENON_TIMED := $(QEMU_TENON) -icount shift=0,sleep=off

HARNESS := $(O)/test/qemu-expect
FIXTURE_DTB_ADDRESS := 0x48000000
TEST_DTB_DIR := $(O)/test/dtb
BOOT_WITH_DTB := $(O)/test/boot-with-dtb.elf

$(HARNESS): test/harness/qemu_expect.c
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -std=c11 -D_DEFAULT_SOURCE -O2 $(WARNINGS) -o $@ $<

$(BOOT_WITH_DTB): test/fixtures/boot_with_dtb.S
	@echo "  AS      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -nostdlib -static -Wl,--build-id=none -Wl,-Ttext=0x50000000 \
		-DFIXTURE_DTB_ADDRESS=$(FIXTURE_DTB_ADDRESS) \
		-DFIXTURE_IMAGE_ADDRESS=$(CONFIG_PLATFORM_LOAD_ADDRESS) -o $@ $<

# QEMU's own devicetree for the Mortise machine, and variants broken on purpose.
$(TEST_DTB_DIR)/virt.dtb:
	$(Q)mkdir -p $(@D)
	$(Q)$(QEMU_MORTISE) -machine dumpdtb=$@ >/dev/null 2>&1
$(TEST_DTB_DIR)/no-memory.dtb: $(TEST_DTB_DIR)/virt.dtb
	$(Q)cp $< $@ && fdtput -r $@ /memory@40000000

# QEMU's devicetree plus /chosen "multiboot,module" nodes for the images $(2)..., which
# qemu-with-modules loads MODULE_STRIDE apart from MODULE_BASE (so such DTBs depend on this
# file). fdtput -c puts a new node first, so the nodes are made last to first to end up in module
# order.
# High in RAM: the root component's RAM for partitions ends where the first module starts.
MODULE_BASE := 0x70000000
MODULE_STRIDE := 0x400000
module-address = $(shell printf '0x%x' $$(($(MODULE_BASE) + $(1) * $(MODULE_STRIDE))))
define add-modules
	$(Q)cp $(TEST_DTB_DIR)/virt.dtb $@
	$(Q)fdtput -t i $@ /chosen '#address-cells' 2 && fdtput -t i $@ /chosen '#size-cells' 2
	$(Q)set -- $(1); index=$$#; while [ $$index -gt 0 ]; do \
		index=$$((index - 1)); eval image=\$${$$((index + 1))}; \
		address=$$(printf '0x%x' $$(($(MODULE_BASE) + index * $(MODULE_STRIDE)))); \
		fdtput -c $@ /chosen/module@$$index && \
		fdtput -t s $@ /chosen/module@$$index compatible multiboot,module && \
		fdtput -t x $@ /chosen/module@$$index reg 0 $$address 0 \
			$$(printf '%x' $$(stat -c %s $$image)) || exit 1; \
	done
endef
qemu-with-modules = $(QEMU_MORTISE) -kernel $(MORTISE_IMAGE) -dtb $(1) $(foreach i,$(shell seq 0 \
	$$(($(words $(2)) - 1))),-device loader,file=$(word $(shell echo $$(($(i) + 1))),$(2)),addr=$(call \
	module-address,$(i)),force-raw=on)

# The same for modules without a root component, which only Mortise's test build makes partitions
# of (test/mortise-boot-modules/, CONFIG_MORTISE_BOOT_MODULES).
qemu-with-boot-modules = $(subst -kernel $(MORTISE_IMAGE) ,-kernel $(MORTISE_BOOT_MODULES_IMAGE) ,$(call \
	qemu-with-modules,$(1),$(2)))

# Boots an image with a DTB of the test's own: $(call qemu-with-dtb,IMAGE,DTB)
qemu-with-dtb = $(QEMU_MORTISE) -kernel $(BOOT_WITH_DTB) \
	-device loader,file=$(2),addr=$(FIXTURE_DTB_ADDRESS),force-raw=on \
	-device loader,file=$(1),addr=$(CONFIG_PLATFORM_LOAD_ADDRESS),force-raw=on

# Image names are set before any rule names them: a prerequisite expands when its rule is read.
MORTISE_IMAGE := $(O)/kernel/kernel.img
TENON_IMAGE := $(O)/libos-tenon/libos-tenon.img
CAPS_GUEST_IMAGE := $(O)/test/caps-guest/caps-guest.img
# Mortise with its fast paths compiled out (test/mortise-general-path/).
MORTISE_GENERAL_PATH_IMAGE := $(O)/test/mortise-general-path/mortise-general-path.img
# Mortise with its boot-module partitions (test/mortise-boot-modules/): what boots a guest without
# a root component, from the initrd or boot modules.
MORTISE_BOOT_MODULES_IMAGE := $(O)/test/mortise-boot-modules/mortise-boot-modules.img
# Mortise with its self-test requests (test/mortise-selftest/): the fault-report test's.
MORTISE_SELFTEST_IMAGE := $(O)/test/mortise-selftest/mortise-selftest.img
TIMER_GUEST_IMAGE := $(O)/test/timer-guest/timer-guest.img
ROOT_IMAGE := $(O)/vmm/root/root.img
RT_DEMO_IMAGE := $(O)/demos/rt-demo/rt-demo.img
TENON_SMP_IMAGE := $(O)/test/tenon-tests/tests-smp/tests-smp.img
TENON_BENCH_TICK_IMAGE := $(O)/test/tenon-bench/bench-tick/bench-tick.img
TENON_BENCH_TICKLESS_IMAGE := $(O)/test/tenon-bench/bench-tickless/bench-tickless.img
TENON_BENCH_TICK_SMP_IMAGE := $(O)/test/tenon-bench/bench-tick-smp/bench-tick-smp.img
TENON_BENCH_TICKLESS_SMP_IMAGE := $(O)/test/tenon-bench/bench-tickless-smp/bench-tickless-smp.img

# Root component boot archives: a compiled policy (policy.blob) and the images it names, each
# file's data on a page boundary (test/page-aligned-cpio.sh).
# $(call root-archive,POLICY-DTS-OR-DTB,IMAGE-FILE-AS-NAME...[,PLATFORM-DTB]) with each image given as
# PATH:NAME; the platform is QEMU's devicetree unless given.
define root-archive
	$(Q)rm -rf $@.d && mkdir -p $@.d
	$(Q)$(O)/host/tenon-policy compile --platform $(or $(3),$(TEST_DTB_DIR)/virt.dtb) $(1) \
		-o $@.d/policy.blob >/dev/null
	$(Q)$(foreach image,$(2),cp $(firstword $(subst :, ,$(image))) \
		$@.d/$(lastword $(subst :, ,$(image))) &&) true
	$(Q)test/page-aligned-cpio.sh $@.d >$@
endef
ROOT_ARCHIVE_TOOLS := $(O)/host/tenon-policy $(TEST_DTB_DIR)/virt.dtb test/page-aligned-cpio.sh

$(O)/test/root/demo.cpio: test/root/demo.dts $(TENON_IMAGE) $(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(TENON_IMAGE):tenon.img)
ROOT_DEMO_MODULES := $(ROOT_IMAGE) $(O)/test/root/demo.cpio
$(TEST_DTB_DIR)/root-demo.dtb: $(TEST_DTB_DIR)/virt.dtb test/build.mk $(ROOT_DEMO_MODULES)
	$(call add-modules,$(ROOT_DEMO_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module
QEMU_ROOT_DEMO = $(call qemu-with-modules,$(TEST_DTB_DIR)/root-demo.dtb,$(ROOT_DEMO_MODULES))

$(O)/test/root/smp.cpio: test/root/smp.dts $(TENON_SMP_IMAGE) $(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(TENON_SMP_IMAGE):tests-smp.img)
ROOT_SMP_MODULES := $(ROOT_IMAGE) $(O)/test/root/smp.cpio
$(TEST_DTB_DIR)/root-smp.dtb: $(TEST_DTB_DIR)/virt.dtb test/build.mk $(ROOT_SMP_MODULES)
	$(call add-modules,$(ROOT_SMP_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module

$(O)/test/root/vmm.cpio: test/root/vmm.dts $(O)/test/exit-vmm/exit-vmm.img \
		$(O)/test/exit-guest/exit-guest.img $(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(O)/test/exit-vmm/exit-vmm.img:exit-vmm.img \
		$(O)/test/exit-guest/exit-guest.img:exit-guest.img)
ROOT_VMM_MODULES := $(ROOT_IMAGE) $(O)/test/root/vmm.cpio
$(TEST_DTB_DIR)/root-vmm.dtb: $(TEST_DTB_DIR)/virt.dtb test/build.mk $(ROOT_VMM_MODULES)
	$(call add-modules,$(ROOT_VMM_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module

$(O)/test/root/vmm-contexts.cpio: test/root/vmm-contexts.dts $(O)/test/exit-vmm/exit-vmm.img \
		$(O)/test/exit-guest/exit-guest.img $(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(O)/test/exit-vmm/exit-vmm.img:exit-vmm.img \
		$(O)/test/exit-guest/exit-guest.img:exit-guest.img)
ROOT_VMM_CONTEXTS_MODULES := $(ROOT_IMAGE) $(O)/test/root/vmm-contexts.cpio
$(TEST_DTB_DIR)/root-vmm-contexts.dtb: $(TEST_DTB_DIR)/virt.dtb test/build.mk \
		$(ROOT_VMM_CONTEXTS_MODULES)
	$(call add-modules,$(ROOT_VMM_CONTEXTS_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module

$(O)/test/root/vmm-cross-cpu.cpio: test/root/vmm-cross-cpu.dts $(O)/test/exit-vmm/exit-vmm.img \
		$(O)/test/exit-guest/exit-guest.img $(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(O)/test/exit-vmm/exit-vmm.img:exit-vmm.img \
		$(O)/test/exit-guest/exit-guest.img:exit-guest.img)
ROOT_VMM_CROSS_CPU_MODULES := $(ROOT_IMAGE) $(O)/test/root/vmm-cross-cpu.cpio
$(TEST_DTB_DIR)/root-vmm-cross-cpu.dtb: $(TEST_DTB_DIR)/virt.dtb test/build.mk \
		$(ROOT_VMM_CROSS_CPU_MODULES)
	$(call add-modules,$(ROOT_VMM_CROSS_CPU_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module

EXIT_TEST_MODULES := $(O)/test/exit-vmm/exit-vmm.img $(O)/test/exit-guest/exit-guest.img \
	$(O)/test/exit-guest/exit-guest.img
$(TEST_DTB_DIR)/exit-test.dtb: $(TEST_DTB_DIR)/virt.dtb test/build.mk $(EXIT_TEST_MODULES)
	$(call add-modules,$(EXIT_TEST_MODULES))
# Debug and PMU isolation: the exit VMM and three copies of the debug guest on one CPU; the
# second's module lists no feature (an empty "tenonos,features"), the others get the default.
DEBUG_TEST_MODULES := $(O)/test/exit-vmm/exit-vmm.img $(O)/test/debug-guest/debug-guest.img \
	$(O)/test/debug-guest/debug-guest.img $(O)/test/debug-guest/debug-guest.img
$(TEST_DTB_DIR)/debug-test.dtb: $(TEST_DTB_DIR)/virt.dtb test/build.mk $(DEBUG_TEST_MODULES)
	$(call add-modules,$(DEBUG_TEST_MODULES))
	$(Q)fdtput $@ /chosen/module@2 tenonos,features
expect = $(HARNESS) --timeout $(1) --log $(O)/test-logs/$(basename $(notdir $(2))).console $(2) --

INTEGRATION_TOOLS := $(HARNESS) $(BOOT_WITH_DTB) $(TEST_DTB_DIR)/no-memory.dtb \
	$(TEST_DTB_DIR)/virt.dtb $(TEST_DTB_DIR)/exit-test.dtb $(TEST_DTB_DIR)/root-demo.dtb \
	$(TEST_DTB_DIR)/root-vmm.dtb $(TEST_DTB_DIR)/root-smp.dtb $(TEST_DTB_DIR)/debug-test.dtb \
	$(TEST_DTB_DIR)/root-vmm-contexts.dtb $(TEST_DTB_DIR)/root-vmm-cross-cpu.dtb
INTEGRATION_TESTS := \
	'$(call expect,60,test/integration/mortise-boot.expect) $(QEMU_MORTISE) -kernel $(MORTISE_IMAGE)' \
	'$(call expect,60,test/integration/mortise-no-root.expect) \
		$(call qemu-with-modules,$(TEST_DTB_DIR)/exit-test.dtb,$(EXIT_TEST_MODULES))' \
	'$(call expect,60,test/integration/mortise-fault-report.expect) $(QEMU_MORTISE) \
		-kernel $(MORTISE_SELFTEST_IMAGE) -append mortise.selftest=fault-secondary' \
	'$(call expect,60,test/integration/mortise-dtb-no-memory.expect) \
		$(call qemu-with-dtb,$(MORTISE_IMAGE),$(TEST_DTB_DIR)/no-memory.dtb)' \
	'$(call expect,60,test/integration/mortise-dtb-loader.expect) \
		$(call qemu-with-dtb,$(MORTISE_IMAGE),$(TEST_DTB_DIR)/virt.dtb)' \
	'$(call expect,60,test/integration/tenon-boot.expect) $(QEMU_TENON) -kernel $(TENON_IMAGE)' \
	'$(call expect,120,test/integration/mortise-caps-guest.expect) $(QEMU_MORTISE) \
		-kernel $(MORTISE_BOOT_MODULES_IMAGE) -initrd $(CAPS_GUEST_IMAGE)' \
	'$(call expect,120,test/integration/mortise-caps-guest-general-path.expect) $(QEMU_MORTISE) \
		-kernel $(MORTISE_GENERAL_PATH_IMAGE) -initrd $(CAPS_GUEST_IMAGE)' \
	'$(call expect,60,test/integration/mortise-virtual-timer.expect) $(QEMU_MORTISE) \
		-kernel $(MORTISE_BOOT_MODULES_IMAGE) -initrd $(TIMER_GUEST_IMAGE)' \
	'$(call expect,60,test/integration/mortise-root.expect) $(QEMU_ROOT_DEMO)' \
	'$(call expect,120,test/integration/mortise-tenon-smp.expect) \
		$(call qemu-with-modules,$(TEST_DTB_DIR)/root-smp.dtb,$(ROOT_SMP_MODULES)) \
		-icount shift=0,sleep=off' \
	'$(call expect,60,test/integration/mortise-root-vmm.expect) \
		$(call qemu-with-modules,$(TEST_DTB_DIR)/root-vmm.dtb,$(ROOT_VMM_MODULES))' \
	'$(call expect,120,test/integration/mortise-vmm-contexts.expect) \
		$(call qemu-with-modules,$(TEST_DTB_DIR)/root-vmm-contexts.dtb,$(ROOT_VMM_CONTEXTS_MODULES))' \
	'$(call expect,120,test/integration/mortise-exits.expect) \
		$(call qemu-with-boot-modules,$(TEST_DTB_DIR)/exit-test.dtb,$(EXIT_TEST_MODULES))' \
	'$(call expect,120,test/integration/mortise-exits-general-path.expect) \
		$(subst $(MORTISE_BOOT_MODULES_IMAGE),$(MORTISE_GENERAL_PATH_IMAGE),$(call \
		qemu-with-boot-modules,$(TEST_DTB_DIR)/exit-test.dtb,$(EXIT_TEST_MODULES)))' \
	'$(call expect,120,test/integration/mortise-debug-pmu.expect) \
		$(call qemu-with-boot-modules,$(TEST_DTB_DIR)/debug-test.dtb,$(DEBUG_TEST_MODULES)) \
		-icount shift=0,sleep=off' \
	'test/harness/selftest.sh $(HARNESS)'

# The build's own wiring: from a fresh build folder, make -n of every goal succeeds and meets no
# undefined variable (an image named before its variable is set), without building anything.
TOOL_TESTS += 'test/build-wiring.sh $(O)/build-wiring'

# Benchmarks: deterministic cycle counts (QEMU -icount shift=0: one cycle per instruction), on one
# CPU so that QEMU's round-robin between emulated CPUs does not enter the figures. The Tenon SMP
# builds run with -smp 2 so that the second CPU is really there; it idles in WFI and the suite
# runs on the boot CPU, so its figures are the boot CPU's instructions alone.
QEMU_BENCH := $(QEMU) -M virt,virtualization=on,gic-version=3,dtb-randomness=off -smp 1 \
	-icount shift=0,sleep=off $(QEMU_COMMON)
BENCH_RUNS := 'mortise-hypercalls|$(QEMU_BENCH) -kernel $(MORTISE_BOOT_MODULES_IMAGE) -initrd $(CAPS_GUEST_IMAGE)' \
	'mortise-hypercalls-general-path|$(QEMU_BENCH) -kernel $(MORTISE_GENERAL_PATH_IMAGE) \
		-initrd $(CAPS_GUEST_IMAGE)' \
	'mortise-virtual-timer|$(QEMU_BENCH) -kernel $(MORTISE_BOOT_MODULES_IMAGE) -initrd $(TIMER_GUEST_IMAGE)' \
	'tenon-bare-tick|$(QEMU) -M virt,gic-version=3,dtb-randomness=off -smp 1 -icount shift=0,sleep=off $(QEMU_COMMON) -kernel $(TENON_BENCH_TICK_IMAGE)' \
	'tenon-bare-tickless|$(QEMU) -M virt,gic-version=3,dtb-randomness=off -smp 1 -icount shift=0,sleep=off $(QEMU_COMMON) -kernel $(TENON_BENCH_TICKLESS_IMAGE)' \
	'tenon-bare-tick-smp|$(QEMU) -M virt,gic-version=3,dtb-randomness=off -smp 2 -icount shift=0,sleep=off $(QEMU_COMMON) -kernel $(TENON_BENCH_TICK_SMP_IMAGE)' \
	'tenon-bare-tickless-smp|$(QEMU) -M virt,gic-version=3,dtb-randomness=off -smp 2 -icount shift=0,sleep=off $(QEMU_COMMON) -kernel $(TENON_BENCH_TICKLESS_SMP_IMAGE)' \
	'mortise-exits|$(subst $(QEMU_MORTISE),$(QEMU_BENCH),$(call qemu-with-boot-modules,$(TEST_DTB_DIR)/exit-test.dtb,$(EXIT_TEST_MODULES)))' \
	'mortise-exits-cross-cpu|$(subst $(QEMU_MORTISE),$(subst -smp 1,-smp 4,$(QEMU_BENCH)),$(call qemu-with-modules,$(TEST_DTB_DIR)/root-vmm-cross-cpu.dtb,$(ROOT_VMM_CROSS_CPU_MODULES)))'
# Planning one objective, timed on the host (orchestrator/orchestrate/bench.c: wall-clock, not icount).
BENCH_RUNS += 'orchestrator-plan|$(ORCHESTRATE_TOOL) bench --db $(ORCHESTRATE_DB) \
	--board $(TEST_DTB_DIR)/virt.dtb --runs 20 test/orchestrate/objectives/05-smallest.obj'
INTEGRATION_TOOLS += $(ORCHESTRATE_DB)
# Objectives planned, built from their generated configs and booted (test/orchestrate/boot.sh):
# make test boots a representative four (Tenon alone, a channel, Linux beside Tenon, Linux starting
# a Mode 2 instance), make orchestrate-check every objective that can be met.
ORCHESTRATE_BOOT_TEST = test/orchestrate/boot.sh $(ORCHESTRATE_TOOL) $(ORCHESTRATE_DB) \
	$(TEST_DTB_DIR)/virt.dtb
INTEGRATION_TESTS += '$(ORCHESTRATE_BOOT_TEST) 01-pure-rt 06-channels' \
	'$(ORCHESTRATE_BOOT_TEST) 03-mixed-linux 16-mode2-linux'
INTEGRATION_TOOLS += $(TEST_DTB_DIR)/virt.dtb
ORCHESTRATE_BOOTABLE := 01-pure-rt 02-microsecond-deadline 03-mixed-linux 04-processes-musl \
	05-smallest 06-channels 07-mode2-pool 08-smp 09-linux-channel 14-events-queues-tickless \
	16-mode2-linux

# Tenon's own QEMU tests bare, and its benchmark suite's smoke test (each test.mk adds to
# INTEGRATION_TESTS and INTEGRATION_TOOLS).
include test/tenon-tests/test.mk
include test/tenon-bench/test.mk

# Channels between partitions: shared memory and doorbells, end to end (before the Linux guest,
# whose channel test uses its image).
include test/channel-guest/test.mk

# One partition floods the console from three vCPUs at once within its budget; another's lines
# all come through.
include test/console-flood/test.mk

# The hostile guest beside a heartbeat partition (issue 14), and make soak's longer run of it.
include test/hostile-guest/test.mk

# The Linux guest payload (Debian's arm64 kernel and a busybox initramfs) and its bare-metal test.
include test/linux-guest/guest.mk
# Linux <-> Tenon messages through a channel Linux sees as a PCI device.
include test/msg-guest/test.mk

# Tenon's benchmark suite as a Mortise guest: solo, and beside another partition.
include test/bench-guest/bench.mk

# The boot-time table (the paper's Table 3 in our terms): make bench adds it to BENCHMARKS.md.
include test/boot-table/boot.mk

# A passed-through physical interrupt (the PL031 RTC alarm) measured into a guest's handler.
include test/irq-guest/bench.mk

# The timer guest on a CPU it shares, and bare.
include test/timer-guest/bench.mk

