# The console flood test (included by test/build.mk): the root component builds
# test/console-flood/flood.dts on five CPUs, "flood" writes from three vCPUs at once within its
# console budget while "steady" writes numbered lines, and check.sh counts the console. On the
# instruction-counted clock (-icount shift=0), so the budget's periods and the counts repeat.
# virt-smp5.dtb (QEMU's devicetree with five CPUs) and bench-guest-modules come from
# test/bench-guest/bench.mk.
CONSOLE_FLOOD_DIR := $(O)/test/console-flood
CONSOLE_FLOOD_IMAGE := $(CONSOLE_FLOOD_DIR)/console-flood.img
CONSOLE_FLOOD_PLATFORM := $(TEST_DTB_DIR)/virt-smp5.dtb

$(CONSOLE_FLOOD_DIR)/flood.cpio: test/console-flood/flood.dts $(CONSOLE_FLOOD_IMAGE) \
		$(ROOT_ARCHIVE_TOOLS) $(CONSOLE_FLOOD_PLATFORM)
	$(call root-archive,$<,$(CONSOLE_FLOOD_IMAGE):console-flood.img,$(CONSOLE_FLOOD_PLATFORM))
CONSOLE_FLOOD_MODULES := $(ROOT_IMAGE) $(CONSOLE_FLOOD_DIR)/flood.cpio
$(TEST_DTB_DIR)/console-flood.dtb: $(CONSOLE_FLOOD_PLATFORM) test/build.mk test/console-flood/test.mk \
		$(CONSOLE_FLOOD_MODULES)
	$(call bench-guest-modules,$(CONSOLE_FLOOD_MODULES),$<)
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module

QEMU_CONSOLE_FLOOD = $(subst -smp 4,-smp 5,$(call qemu-with-modules, \
	$(TEST_DTB_DIR)/console-flood.dtb,$(CONSOLE_FLOOD_MODULES))) -icount shift=0,sleep=off

INTEGRATION_TOOLS += $(TEST_DTB_DIR)/console-flood.dtb
INTEGRATION_TESTS += '$(call expect,120,test/integration/mortise-console-flood.expect) \
	$(QEMU_CONSOLE_FLOOD) && \
	test/console-flood/check.sh $(O)/test-logs/mortise-console-flood.console'
