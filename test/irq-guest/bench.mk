# A passed-through physical interrupt measured into a guest's handler (included by
# test/build.mk): the PL031 RTC's alarm, SPI 34, given to a partition by
# test/irq-guest/passthrough.dts, and the same image bare at EL1 owning the whole GIC.
# test/irq-guest/main.c says exactly what the figure contains.
#
# -rtc clock=vm puts the PL031 on QEMU's virtual clock: with the default (host) clock its alarm
# would come after a wall-clock second and at no instruction the guest can date. Under
# -icount shift=0,sleep=off every alarm costs a virtual second but no wall-clock time: QEMU jumps
# the idle machine's clock straight to it.
IRQ_GUEST_DIR := $(O)/test/irq-guest
IRQ_GUEST_IMAGE := $(IRQ_GUEST_DIR)/irq-guest.img
IRQ_GUEST_QEMU_FLAGS := -rtc clock=vm

# root.img is module 0 (marked the root component), the archive module 1. The devicetree is
# QEMU's for exactly two CPUs (virt-smp2.dtb and bench-guest-modules come from
# test/bench-guest/bench.mk, included before this file), and a devicetree older than the module
# layout in test/build.mk is stale.
$(IRQ_GUEST_DIR)/passthrough.cpio: test/irq-guest/passthrough.dts $(IRQ_GUEST_IMAGE) \
		$(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(IRQ_GUEST_IMAGE):irq-guest.img)
IRQ_GUEST_MODULES := $(ROOT_IMAGE) $(IRQ_GUEST_DIR)/passthrough.cpio
$(TEST_DTB_DIR)/irq-guest-passthrough.dtb: $(TEST_DTB_DIR)/virt-smp2.dtb $(IRQ_GUEST_MODULES) \
		test/build.mk test/irq-guest/bench.mk
	$(call bench-guest-modules,$(IRQ_GUEST_MODULES),$<)
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module

# Mortise, the root and the partition under QEMU_BENCH's -icount shift=0, with two CPUs.
QEMU_IRQ_GUEST_PASSTHROUGH = $(subst $(QEMU_MORTISE),$(subst -smp 1,-smp 2,$(QEMU_BENCH)) \
	$(IRQ_GUEST_QEMU_FLAGS),$(call qemu-with-modules, \
	$(TEST_DTB_DIR)/irq-guest-passthrough.dtb,$(IRQ_GUEST_MODULES)))
# Bare: no virtualization=on, so QEMU enters the image at EL1 with its own devicetree in x0.
QEMU_IRQ_GUEST_BARE = $(QEMU) -M virt,gic-version=3,dtb-randomness=off -smp 1 \
	-icount shift=0,sleep=off $(QEMU_COMMON) $(IRQ_GUEST_QEMU_FLAGS) -kernel $(IRQ_GUEST_IMAGE)

# The partition powers itself off when done; with the root's CPU already off it is the last
# partition, so Mortise powers the machine off and bench.sh sees QEMU exit.
BENCH_RUNS += 'mortise-passthrough-irq|$(QEMU_IRQ_GUEST_PASSTHROUGH)' \
	'bare-el1-irq|$(QEMU_IRQ_GUEST_BARE)'

INTEGRATION_TOOLS += $(TEST_DTB_DIR)/irq-guest-passthrough.dtb
INTEGRATION_TESTS += \
	'$(call expect,60,test/integration/mortise-passthrough-irq.expect) \
		$(QEMU_IRQ_GUEST_PASSTHROUGH)'
