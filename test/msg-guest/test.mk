# Linux and Tenon exchanging messages through a channel Linux sees as a PCI device
# (policy/examples/linux-pci.dts, included by test/build.mk after test/linux-guest/guest.mk): the
# Linux VMM's host bridge, Debian's uio_pci_generic, tenon-msg and channel-msg end to end.
MSG_GUEST_IMAGE := $(O)/test/msg-guest/msg-guest.img
LINUX_PCI_POLICY := policy/examples/linux-pci.dts
LINUX_PCI_ARCHIVE := $(O)/test/linux-pci/linux-pci.cpio
$(LINUX_PCI_ARCHIVE): $(LINUX_PCI_POLICY) $(MSG_GUEST_IMAGE) $(RT_DEMO_IMAGE) $(LINUX_VMM_IMAGE) \
		$(LINUX_GUEST_IMAGE) $(LINUX_GUEST_INITRAMFS) $(ROOT_ARCHIVE_TOOLS) $(LINUX_MANIFEST_TOOLS)
	$(Q)mkdir -p $(@D)
	$(call linux-manifest,$<)
	$(call root-archive,$@.manifest.dtb,$(MSG_GUEST_IMAGE):msg-guest.img $(RT_DEMO_IMAGE):rt-demo.img \
		$(LINUX_VMM_IMAGE):linux-vmm.img $(LINUX_GUEST_IMAGE):Image \
		$(LINUX_GUEST_INITRAMFS):initramfs.cpio)
LINUX_PCI_MODULES := $(ROOT_IMAGE) $(LINUX_PCI_ARCHIVE)
$(TEST_DTB_DIR)/linux-pci.dtb: $(TEST_DTB_DIR)/virt.dtb $(LINUX_PCI_MODULES) test/build.mk \
		test/msg-guest/test.mk
	$(call add-modules,$(LINUX_PCI_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module
QEMU_LINUX_PCI_BOARD = $(call qemu-with-modules,$(TEST_DTB_DIR)/linux-pci.dtb,$(LINUX_PCI_MODULES))
INTEGRATION_TOOLS += $(TEST_DTB_DIR)/linux-pci.dtb
# Under -icount shift=0,sleep=off: the flood's second, the round trips and rt's deadlines are
# virtual time.
INTEGRATION_TESTS += '$(call expect,300,test/integration/linux-pci.expect) \
	$(QEMU_LINUX_PCI_BOARD) -icount shift=0,sleep=off'
# make bench: the round trip Linux user space -> Tenon -> Linux user space in cycles (the virtual
# counter's nanoseconds: instructions under -icount shift=0), and the flood's throughput, after
# what they measure (test/msg-guest/BENCH.md).
LINUX_PCI_BENCH_CONSOLE := $(O)/test/linux-pci/bench.console
BENCH_RUNS += 'linux-pci|mkdir -p $(dir $(LINUX_PCI_BENCH_CONSOLE)) && $(HARNESS) --timeout 280 \
	--log $(LINUX_PCI_BENCH_CONSOLE) test/msg-guest/bench.expect -- $(QEMU_LINUX_PCI_BOARD) \
	-icount shift=0,sleep=off >/dev/null && sed "s/^/md: /" test/msg-guest/BENCH.md && \
	tr -d "\r" <$(LINUX_PCI_BENCH_CONSOLE)'
