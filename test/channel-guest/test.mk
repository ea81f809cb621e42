# The channel test (included by test/build.mk): the root component builds test/channel-guest/
# channel.dts, two ends exchange 1000 requests and replies through shared memory and doorbells,
# and a third partition is stopped when it reads where the two have the channel.
CHANNEL_GUEST_DIR := $(O)/test/channel-guest
CHANNEL_GUEST_IMAGE := $(CHANNEL_GUEST_DIR)/channel-guest.img

$(CHANNEL_GUEST_DIR)/channel.cpio: test/channel-guest/channel.dts $(CHANNEL_GUEST_IMAGE) \
		$(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(CHANNEL_GUEST_IMAGE):channel-guest.img)
CHANNEL_GUEST_MODULES := $(ROOT_IMAGE) $(CHANNEL_GUEST_DIR)/channel.cpio
$(TEST_DTB_DIR)/channel.dtb: $(TEST_DTB_DIR)/virt.dtb test/build.mk test/channel-guest/test.mk \
		$(CHANNEL_GUEST_MODULES)
	$(call add-modules,$(CHANNEL_GUEST_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module
QEMU_CHANNEL = $(call qemu-with-modules,$(TEST_DTB_DIR)/channel.dtb,$(CHANNEL_GUEST_MODULES))

INTEGRATION_TOOLS += $(TEST_DTB_DIR)/channel.dtb
INTEGRATION_TESTS += '$(call expect,60,test/integration/mortise-channel.expect) $(QEMU_CHANNEL)'
# channel.notify from one CPU to a partition on another, under -icount shift=0.
BENCH_RUNS += 'mortise-channel|$(subst $(QEMU_MORTISE),$(subst -smp 1,-smp 4,$(QEMU_BENCH)),$(QEMU_CHANNEL))'
