# The timer guest's interrupt rows beside its solo one (test/build.mk): on a CPU it shares with
# another vCPU (the sharer guest, test/sharer-guest/, which wakes every millisecond), and bare at
# EL1 on the same machine without Mortise. Included by test/build.mk.
TIMER_GUEST_DIR := $(O)/test/timer-guest
# QEMU's devicetree for one CPU (bench-guest-modules and virt-smp1.dtb come from
# test/bench-guest/bench.mk, included before this file), with two boot modules, each a guest of its
# own on CPU 0 (kernel/boot_modules.c): guest0 shares the
# CPU, guest1 measures. Made first, the sharer wins the CPU whenever both could run, so each of
# its wake-ups takes the CPU from the timer guest.
TIMER_SHARED_MODULES := $(O)/test/sharer-guest/sharer-guest.img $(TIMER_GUEST_IMAGE)
$(TEST_DTB_DIR)/timer-shared.dtb: $(TEST_DTB_DIR)/virt-smp1.dtb test/build.mk \
		test/timer-guest/bench.mk $(TIMER_SHARED_MODULES)
	$(call bench-guest-modules,$(TIMER_SHARED_MODULES),$<)
	$(Q)fdtput -t i $@ /chosen/module@0 tenonos,cpu 0
	$(Q)fdtput -t i $@ /chosen/module@1 tenonos,cpu 0
QEMU_TIMER_SHARED = $(subst $(QEMU_MORTISE),$(QEMU_BENCH),$(call qemu-with-boot-modules, \
	$(TEST_DTB_DIR)/timer-shared.dtb,$(TIMER_SHARED_MODULES)))
# Bare: no virtualization=on, so QEMU enters the image at EL1 with its own devicetree in x0.
QEMU_TIMER_BARE = $(QEMU) -M virt,gic-version=3,dtb-randomness=off -smp 1 \
	-icount shift=0,sleep=off $(QEMU_COMMON) -kernel $(TIMER_GUEST_IMAGE)

# The sharer never stops, so the harness stops QEMU once the timer guest is done and the console
# it logged goes to bench.sh; bare, the guest powers the machine off itself.
BENCH_RUNS += 'mortise-virtual-timer-shared|$(HARNESS) --timeout 280 \
		--log $(TIMER_GUEST_DIR)/shared.console \
		test/integration/mortise-virtual-timer-shared.expect -- $(QEMU_TIMER_SHARED) >&2 && \
		cat $(TIMER_GUEST_DIR)/shared.console' \
	'bare-el1-timer|$(QEMU_TIMER_BARE)'

INTEGRATION_TOOLS += $(TEST_DTB_DIR)/timer-shared.dtb
INTEGRATION_TESTS += \
	'$(call expect,120,test/integration/mortise-virtual-timer-shared.expect) $(QEMU_TIMER_SHARED)'
