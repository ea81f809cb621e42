# The Linux guest payload: Debian's arm64 kernel and a busybox initramfs whose /init
# (test/linux-guest/init) prints "tenonos-linux: init reached" and runs a shell with the prompt
# "linux# " on the console. platforms/host/deps.sh fetches both into $(LINUX_GUEST_CACHE).
# The shell follows each prompt with a cursor-position query (ESC [6n) that nothing answers, so
# match the prompt unanchored at its end ("expect linux#[ ]"), and the command echoed after it
# ends that line: a command's output starts on the next.
# For a VMM to reuse: LINUX_GUEST_IMAGE, LINUX_GUEST_INITRAMFS, LINUX_GUEST_BOOTARGS.
#
# Bare and under Mortise, Linux boots alike: one command line (LINUX_GUEST_BOOTARGS, given to the bare
# QEMU with -append and written into every Linux manifest by linux-manifest below), and the RAM and
# CPU count of the manifests' Linux partitions (memory-size, cpus) given to the bare QEMU.
# test/linux-guest/same-boot.sh checks in make test that they agree.

LINUX_GUEST_CACHE := $(CACHE)/linux-arm64
# Debian's uio and uio_pci_generic, from the package Image came from: /init loads them so that user
# space can drive a channel's PCI device (platforms/host/deps.sh fetches them).
LINUX_GUEST_UIO_MODULES := $(addprefix $(CACHE)/linux-arm64-uio/,uio.ko uio_pci_generic.ko)
LINUX_GUEST_DIR := $(O)/linux-guest
LINUX_GUEST_IMAGE := $(LINUX_GUEST_DIR)/Image
LINUX_GUEST_INITRAMFS := $(LINUX_GUEST_DIR)/initramfs.cpio
# quiet: the boot log is mostly time spent in an emulated UART; a panic still prints (it is
# KERN_EMERG). panic=-1 turns a panic into a reset, which ends the run rather than hanging it.
# cryptomgr.notests: the crypto self-tests were the largest initcall under TCG (0.6 s of ~3 s).
# arm64.nosve, nosme, nopauth: Mortise does not switch SVE, SME or pointer-authentication state
# between partitions, so Linux must leave them off; bare Linux gets the same line.
LINUX_GUEST_BOOTARGS := console=ttyAMA0 quiet panic=-1 cryptomgr.notests arm64.nosve arm64.nosme \
	arm64.nopauth
LINUX_GUEST_MEMORY_MIB := 256
LINUX_GUEST_CPUS := 2

# $(call linux-manifest,POLICY-DTS): the manifest compiled into $@.manifest.dtb with
# LINUX_GUEST_BOOTARGS as the bootargs of its every Linux partition; root-archive takes the result.
linux-manifest = $(Q)test/linux-guest/write-bootargs.sh $(1) $@.manifest.dtb "$(LINUX_GUEST_BOOTARGS)"
LINUX_MANIFEST_TOOLS := test/linux-guest/write-bootargs.sh test/linux-guest/guest.mk

# Only deps.sh makes these (it may need root); say so rather than "no rule to make target".
$(LINUX_GUEST_CACHE)/Image $(LINUX_GUEST_CACHE)/busybox $(LINUX_GUEST_UIO_MODULES):
	@echo "$@ is missing: run make deps (platforms/host/deps.sh $(SYSROOT))" >&2
	@exit 1

$(LINUX_GUEST_IMAGE): $(LINUX_GUEST_CACHE)/Image
	@echo "  CP      $@"
	$(Q)mkdir -p $(@D)
	$(Q)cp $< $@

# Linux user-space programs of the initramfs, static AArch64 programs on Debian's musl (libc.a
# from the arm64 sysroot): $(call linux-user-program,SOURCES,INCLUDE FLAGS)
LINUX_MUSL := $(SYSROOT)/usr/lib/aarch64-linux-musl
LINUX_MUSL_FLAGS = -std=c11 -D_DEFAULT_SOURCE -O2 $(WARNINGS) -Wno-missing-prototypes -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-isystem $(SYSROOT)/usr/include/aarch64-linux-musl
define linux-user-program
	@echo "  MUSL    $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(LINUX_MUSL_FLAGS) $(2) -fno-pie -static -no-pie \
		-nostdlib -Wl,--build-id=none -o $@ $(LINUX_MUSL)/crt1.o $(LINUX_MUSL)/crti.o $(1) \
		-Wl,--start-group $(LINUX_MUSL)/libc.a -lgcc -Wl,--end-group $(LINUX_MUSL)/crtn.o
endef
# tenonctl (vmm/sched/tenonctl/) with the sched-proto library it speaks: /bin/tenonctl.
TENONCTL := $(LINUX_GUEST_DIR)/tenonctl
TENONCTL_SRCS := $(wildcard vmm/sched/tenonctl/*.c) \
	$(addprefix shared-libs/sched-proto/,$(sched-proto-srcs))
$(TENONCTL): $(TENONCTL_SRCS) $(wildcard vmm/sched/tenonctl/*.h) shared-libs/sched-proto/sched_proto.h \
		$(TARGET_PREREQS)
	$(call linux-user-program,$(TENONCTL_SRCS),-Ishared-libs/sched-proto -Ivmm/sched/tenonctl)
# libuio-channel.a: the uio-channel library (vmm/uio-channel/) with channel-msg and msg-ring, the
# same sources Tenon's end compiles, for any Linux program of the initramfs.
LINUX_UIO_CHANNEL_LIB := $(LINUX_GUEST_DIR)/uio-channel/libuio-channel.a
LINUX_UIO_CHANNEL_SRCS := vmm/uio-channel/uio_channel.c libos-tenon/channel-msg/channel_msg.c \
	shared-libs/msg-ring/msg_ring.c
LINUX_UIO_CHANNEL_INCLUDES := -Ivmm/uio-channel -Ilibos-tenon/channel-msg -Ishared-libs/msg-ring
$(LINUX_UIO_CHANNEL_LIB): $(LINUX_UIO_CHANNEL_SRCS) vmm/uio-channel/uio_channel.h \
		libos-tenon/channel-msg/channel_msg.h shared-libs/msg-ring/msg_ring.h $(TARGET_PREREQS)
	@echo "  AR      $@"
	$(Q)rm -rf $@ $(@D)/objs && mkdir -p $(@D)/objs
	$(Q)for source in $(LINUX_UIO_CHANNEL_SRCS); do \
		$(CC) $(LINUX_MUSL_FLAGS) $(LINUX_UIO_CHANNEL_INCLUDES) -c -o \
			$(@D)/objs/$$(basename $$source .c).o $$source || exit 1; done
	$(Q)$(CROSS_COMPILE)ar rcs $@ $(@D)/objs/*.o
# tenon-msg (vmm/linux/user/) on libuio-channel.a: /bin/tenon-msg.
LINUX_TENON_MSG := $(LINUX_GUEST_DIR)/tenon-msg
$(LINUX_TENON_MSG): vmm/linux/user/tenon_msg.c $(LINUX_UIO_CHANNEL_LIB)
	$(call linux-user-program,vmm/linux/user/tenon_msg.c $(LINUX_UIO_CHANNEL_LIB),\
		$(LINUX_UIO_CHANNEL_INCLUDES))

# Built as any user: cpio -R 0:0 makes every file root's, and the kernel's own built-in archive
# already holds /dev/console, so no device node is needed here. Fixed modes, times and order (and
# --reproducible inode numbers) give the same archive bytes on every build.
LINUX_GUEST_DIRS := bin sbin usr/bin usr/sbin proc sys dev root tmp lib/modules
$(LINUX_GUEST_INITRAMFS): test/linux-guest/init $(LINUX_GUEST_CACHE)/busybox $(TENONCTL) \
		$(LINUX_GUEST_UIO_MODULES) $(LINUX_TENON_MSG) test/linux-guest/guest.mk
	@echo "  CPIO    $@"
	$(Q)rm -rf $@.d && mkdir -p $(addprefix $@.d/,$(LINUX_GUEST_DIRS))
	$(Q)cp $(LINUX_GUEST_CACHE)/busybox $@.d/bin/busybox && ln -s busybox $@.d/bin/sh
	$(Q)cp test/linux-guest/init $@.d/init
	$(Q)cp $(TENONCTL) $@.d/bin/tenonctl
	$(Q)cp $(LINUX_GUEST_UIO_MODULES) $@.d/lib/modules/
	$(Q)cp $(LINUX_TENON_MSG) $@.d/bin/
	$(Q)chmod -R u=rwX,go=rX $@.d && chmod 1777 $@.d/tmp
	$(Q)find $@.d -exec touch -h -d @0 {} +
	$(Q)(cd $@.d && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible) \
		>$@.tmp
	$(Q)mv $@.tmp $@ && rm -rf $@.d

# The kernel alone, no hypervisor: proves the payload before a VMM runs it.
QEMU_LINUX_BARE := $(QEMU) -M virt,gic-version=3,dtb-randomness=off -smp $(LINUX_GUEST_CPUS) \
	$(subst -m 1G,-m $(LINUX_GUEST_MEMORY_MIB)M,$(QEMU_COMMON)) \
	-kernel $(LINUX_GUEST_IMAGE) -initrd $(LINUX_GUEST_INITRAMFS) -append "$(LINUX_GUEST_BOOTARGS)"

INTEGRATION_TOOLS += $(LINUX_GUEST_IMAGE) $(LINUX_GUEST_INITRAMFS)
INTEGRATION_TESTS += '$(call expect,120,test/integration/linux-bare.expect) $(QEMU_LINUX_BARE)'
# The Linux side of a channel seen as PCI, bare: QEMU's own ivshmem-plain stands for the channel's
# device; uio_pci_generic binds it and tenon-msg passes messages through its memory BAR.
QEMU_LINUX_BARE_IVSHMEM := $(QEMU_LINUX_BARE) -object memory-backend-ram,id=channel,size=64K,share=on \
	-device ivshmem-plain,memdev=channel
INTEGRATION_TESTS += '$(call expect,120,test/integration/linux-uio-bare.expect) $(QEMU_LINUX_BARE_IVSHMEM)'

# The mixed demo (make run): Mortise, the root component, the Linux VMM, a real-time Tenon
# partition (rt-demo) and Linux on two CPUs, from policy/examples/linux-demo.dts.
LINUX_DEMO_POLICY := policy/examples/linux-demo.dts
LINUX_DEMO_ARCHIVE := $(O)/test/linux-demo/demo.cpio
LINUX_VMM_IMAGE := $(O)/vmm/linux/linux.img
$(LINUX_DEMO_ARCHIVE): $(LINUX_DEMO_POLICY) $(RT_DEMO_IMAGE) $(LINUX_VMM_IMAGE) $(LINUX_GUEST_IMAGE) \
		$(LINUX_GUEST_INITRAMFS) $(ROOT_ARCHIVE_TOOLS) $(LINUX_MANIFEST_TOOLS)
	$(Q)mkdir -p $(@D)
	$(call linux-manifest,$<)
	$(call root-archive,$@.manifest.dtb,$(RT_DEMO_IMAGE):rt-demo.img $(LINUX_VMM_IMAGE):linux-vmm.img \
		$(LINUX_GUEST_IMAGE):Image $(LINUX_GUEST_INITRAMFS):initramfs.cpio)
LINUX_DEMO_MODULES := $(ROOT_IMAGE) $(LINUX_DEMO_ARCHIVE)
$(TEST_DTB_DIR)/linux-demo.dtb: $(TEST_DTB_DIR)/virt.dtb $(LINUX_DEMO_MODULES) test/build.mk
	$(call add-modules,$(LINUX_DEMO_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module
QEMU_LINUX_DEMO_BOARD = $(call qemu-with-modules,$(TEST_DTB_DIR)/linux-demo.dtb,$(LINUX_DEMO_MODULES))
# make run: interactive, on QEMU's host-timed clock, one host thread per emulated CPU; the
# real-time CPU 1 gets a host real-time priority so that Linux's busy CPUs cannot take its host
# time. make bench times its boot on the host clock (test/boot-table, the co-located rows).
QEMU_LINUX_DEMO = platforms/qemu-virt/qemu-rt-cpus.sh 1 $(QEMU_LINUX_DEMO_BOARD)
# The test judges rt's deadlines in virtual time: under -icount shift=0 a virtual nanosecond is one
# instruction, and with sleep=off idle CPUs wait in virtual time too, so nothing else on the host
# can make rt late. QEMU then runs every emulated CPU in one host thread, in turn (no host
# priority to give), and takes about as long as the host-timed run.
QEMU_LINUX_DEMO_TEST = $(QEMU_LINUX_DEMO_BOARD) -icount shift=0,sleep=off

INTEGRATION_TOOLS += $(TEST_DTB_DIR)/linux-demo.dtb
INTEGRATION_TESTS += '$(call expect,300,test/integration/linux-demo.expect) $(QEMU_LINUX_DEMO_TEST)'

# A channel between Linux and Tenon (test/linux-guest/channel.dts): Linux's shell asks with
# busybox devmem through the channel's memory and its doorbell page, the Tenon partition answers.
LINUX_CHANNEL_ARCHIVE := $(O)/test/linux-channel/channel.cpio
$(LINUX_CHANNEL_ARCHIVE): test/linux-guest/channel.dts $(CHANNEL_GUEST_IMAGE) $(LINUX_VMM_IMAGE) \
		$(LINUX_GUEST_IMAGE) $(LINUX_GUEST_INITRAMFS) $(ROOT_ARCHIVE_TOOLS) $(LINUX_MANIFEST_TOOLS)
	$(Q)mkdir -p $(@D)
	$(call linux-manifest,$<)
	$(call root-archive,$@.manifest.dtb,$(CHANNEL_GUEST_IMAGE):channel-guest.img \
		$(LINUX_VMM_IMAGE):linux-vmm.img $(LINUX_GUEST_IMAGE):Image \
		$(LINUX_GUEST_INITRAMFS):initramfs.cpio)
LINUX_CHANNEL_MODULES := $(ROOT_IMAGE) $(LINUX_CHANNEL_ARCHIVE)
$(TEST_DTB_DIR)/linux-channel.dtb: $(TEST_DTB_DIR)/virt.dtb $(LINUX_CHANNEL_MODULES) test/build.mk
	$(call add-modules,$(LINUX_CHANNEL_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module
INTEGRATION_TOOLS += $(TEST_DTB_DIR)/linux-channel.dtb
INTEGRATION_TESTS += '$(call expect,300,test/integration/linux-channel.expect) \
	$(call qemu-with-modules,$(TEST_DTB_DIR)/linux-channel.dtb,$(LINUX_CHANNEL_MODULES))'

# Mode 2 from the Linux shell (policy/examples/sched-demo.dts): the sched component serves
# Linux's tenonctl over a control channel; the template is the real-time demo.
SCHED_DEMO_ARCHIVE := $(O)/test/sched-demo/sched-demo.cpio
SCHED_IMAGE := $(O)/vmm/sched/sched.img
SCHED_GUEST_IMAGE := $(O)/test/sched-guest/sched-guest.img
$(SCHED_DEMO_ARCHIVE): policy/examples/sched-demo.dts $(SCHED_IMAGE) $(RT_DEMO_IMAGE) \
		$(SCHED_GUEST_IMAGE) $(LINUX_VMM_IMAGE) $(LINUX_GUEST_IMAGE) $(LINUX_GUEST_INITRAMFS) \
		$(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(SCHED_IMAGE):sched.img $(RT_DEMO_IMAGE):rt-demo.img \
		$(SCHED_GUEST_IMAGE):sched-guest.img \
		$(LINUX_VMM_IMAGE):linux-vmm.img $(LINUX_GUEST_IMAGE):Image \
		$(LINUX_GUEST_INITRAMFS):initramfs.cpio)
SCHED_DEMO_MODULES := $(ROOT_IMAGE) $(SCHED_DEMO_ARCHIVE)
$(TEST_DTB_DIR)/sched-demo.dtb: $(TEST_DTB_DIR)/virt.dtb $(SCHED_DEMO_MODULES) test/build.mk
	$(call add-modules,$(SCHED_DEMO_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module
QEMU_SCHED_DEMO = $(call qemu-with-modules,$(TEST_DTB_DIR)/sched-demo.dtb,$(SCHED_DEMO_MODULES))
INTEGRATION_TOOLS += $(TEST_DTB_DIR)/sched-demo.dtb
# The test judges preemption, budgets and deadlines in virtual time (-icount, as linux-demo).
INTEGRATION_TESTS += '$(call expect,900,test/integration/sched-demo.expect) $(QEMU_SCHED_DEMO) \
	-icount shift=0,sleep=off'
