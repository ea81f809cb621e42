# The boot-time table (the paper's Table 3 in our terms), included by test/build.mk after
# test/linux-guest/guest.mk and test/bench-guest/bench.mk, whose variables it uses: how long each
# configuration takes from QEMU's start to a fixed line on the console.
#
#   Tenon bare             rt-demo.img alone                          rt: periodic task every
#   Tenon solo             Mortise + root + rt (tenon-solo.dts)       [rt] rt: periodic task every
#   Tenon co-located       make run's demo (linux-demo.dts)           [rt] rt: periodic task every
#   Linux bare             QEMU_LINUX_BARE                            tenonos-linux: init reached
#   Linux solo             Mortise + root + linux-vmm + linux         tenonos-linux: init reached
#                          (linux-solo.dts)
#   Linux co-located       make run's demo (linux-demo.dts)           tenonos-linux: init reached
#   Mortise init           Mortise + root demo (test/root/demo.dts)   Mortise ... N of N CPUs online
#   Linux as Xen dom0      Debian's Xen 4.17, the same kernel and     tenonos-linux: init reached
#                          initramfs as dom0 (QEMU_XEN_DOM0)
#
# Two measurements (test/boot-table/boot-table.sh runs both, make bench through BENCH_RUNS):
# - cycles to the marker under -icount shift=0,sleep=off: QEMU's virtual clock (one ns per
#   instruction) when the marker's last character is written, read by a QEMU plugin
#   (marker_clock.c) that also counts the instructions as a check; BOOT_TABLE_ICOUNT_ROUNDS runs
#   of each row (the Linux rows vary slightly between runs, the others repeat exactly). With
#   -icount sleep=off Debian's kernel reaches its init in 3-7 s of wall-clock time here.
# - wall-clock milliseconds to the marker without -icount, every configuration run once per round,
#   the rounds one after another (BOOT_TABLE_WALL_ROUNDS), so that the host's load falls on all.
BOOT_TABLE_DIR := $(O)/test/boot-table
BOOT_TABLE_PLUGIN := $(BOOT_TABLE_DIR)/marker-clock.so
BOOT_TABLE_RUNS := $(BOOT_TABLE_DIR)/runs
BOOT_TABLE_ICOUNT_ROUNDS ?= 3
BOOT_TABLE_WALL_ROUNDS ?= 5

# Debian's QEMU loads plugins but ships no header for them: marker_clock.c declares what it uses.
$(BOOT_TABLE_PLUGIN): test/boot-table/marker_clock.c test/boot-table/qemu_plugin_v1.h
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -std=c11 -D_DEFAULT_SOURCE -O2 $(WARNINGS) -shared -fPIC -fvisibility=hidden \
		-o $@ $<

# The per-vCPU instruction profile (cycle_profile.c, cycle-profile.sh): where a boot's cycles go.
BOOT_TABLE_PROFILE_PLUGIN := $(BOOT_TABLE_DIR)/cycle-profile.so
$(BOOT_TABLE_PROFILE_PLUGIN): test/boot-table/cycle_profile.c test/boot-table/qemu_plugin_v1.h
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -std=c11 -D_DEFAULT_SOURCE -O2 $(WARNINGS) -shared -fPIC -fvisibility=hidden \
		-o $@ $<

# Solo policies: root.img is module 0 (marked the root component), the archive module 1.
BOOT_TABLE_MAKEFILES := test/build.mk test/boot-table/boot.mk
$(BOOT_TABLE_DIR)/tenon-solo.cpio: test/boot-table/tenon-solo.dts $(RT_DEMO_IMAGE) $(ROOT_ARCHIVE_TOOLS)
	$(call root-archive,$<,$(RT_DEMO_IMAGE):rt-demo.img)
BOOT_TABLE_TENON_SOLO_MODULES := $(ROOT_IMAGE) $(BOOT_TABLE_DIR)/tenon-solo.cpio
$(TEST_DTB_DIR)/boot-table-tenon-solo.dtb: $(TEST_DTB_DIR)/virt-smp2.dtb \
		$(BOOT_TABLE_TENON_SOLO_MODULES) $(BOOT_TABLE_MAKEFILES)
	$(call bench-guest-modules,$(BOOT_TABLE_TENON_SOLO_MODULES),$<)
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module

$(BOOT_TABLE_DIR)/linux-solo.cpio: test/boot-table/linux-solo.dts $(LINUX_VMM_IMAGE) \
		$(LINUX_GUEST_IMAGE) $(LINUX_GUEST_INITRAMFS) $(ROOT_ARCHIVE_TOOLS) $(LINUX_MANIFEST_TOOLS)
	$(Q)mkdir -p $(@D)
	$(call linux-manifest,$<)
	$(call root-archive,$@.manifest.dtb,$(LINUX_VMM_IMAGE):linux-vmm.img $(LINUX_GUEST_IMAGE):Image \
		$(LINUX_GUEST_INITRAMFS):initramfs.cpio)
BOOT_TABLE_LINUX_SOLO_MODULES := $(ROOT_IMAGE) $(BOOT_TABLE_DIR)/linux-solo.cpio
$(TEST_DTB_DIR)/boot-table-linux-solo.dtb: $(TEST_DTB_DIR)/virt.dtb $(BOOT_TABLE_LINUX_SOLO_MODULES) \
		$(BOOT_TABLE_MAKEFILES)
	$(call add-modules,$(BOOT_TABLE_LINUX_SOLO_MODULES))
	$(Q)fdtput -t s $@ /chosen/module@0 compatible tenonos,root-component multiboot,module

# The peer: Debian's Xen (platforms/host/deps.sh fetches it) booting the Linux guest as dom0 with
# its RAM and CPUs, on a machine of as many CPUs; QEMU's guest-loader devices hand Xen the kernel
# (with its command line) and the initramfs. Xen keeps the UART, so dom0's console is hvc0: the only
# change to LINUX_GUEST_BOOTARGS. Under -icount shift=0 this Xen stalls in QEMU 7.2 during its own
# boot (after "P2M: 4 levels"); shift=2 works, so its icount row runs at shift=2 and gives the
# instructions executed, which boot-table.sh takes as its cycles (the clock runs 4 ns each).
XEN_IMAGE := $(CACHE)/xen-arm64/xen
$(XEN_IMAGE):
	@echo "$@ is missing: run make deps (platforms/host/deps.sh $(SYSROOT))" >&2
	@exit 1
XEN_DOM0_BOOTARGS := $(subst console=ttyAMA0,console=hvc0,$(LINUX_GUEST_BOOTARGS))
QEMU_XEN_DOM0 := $(QEMU) -M virt,virtualization=on,gic-version=3,dtb-randomness=off \
	-smp $(LINUX_GUEST_CPUS) $(QEMU_COMMON) -kernel $(XEN_IMAGE) \
	-append "dom0_mem=$(LINUX_GUEST_MEMORY_MIB)M dom0_max_vcpus=$(LINUX_GUEST_CPUS) console=dtuart \
	dtuart=/pl011@9000000 noreboot" \
	-device guest-loader,addr=0x49000000,kernel=$(LINUX_GUEST_IMAGE),bootargs="$(XEN_DOM0_BOOTARGS)" \
	-device guest-loader,addr=0x50000000,initrd=$(LINUX_GUEST_INITRAMFS)

# The QEMU command lines. Under -icount: QEMU_BENCH's machine with the CPUs each configuration
# needs (Tenon bare: QEMU_TENON's, without virtualization, plus -icount; -smp 1 gives Mortise's own figure without QEMU's round-robin between CPUs, -smp 4 the
# demo's). Wall-clock: the command lines make test and make run use.
boot-table-icount = $(subst -smp 1,-smp $(1),$(QEMU_BENCH))
BOOT_TABLE_QEMU_TENON_BARE := $(QEMU_TENON) -kernel $(RT_DEMO_IMAGE)
BOOT_TABLE_QEMU_TENON_SOLO := $(call qemu-with-modules,$(TEST_DTB_DIR)/boot-table-tenon-solo.dtb,$(BOOT_TABLE_TENON_SOLO_MODULES))
BOOT_TABLE_QEMU_LINUX_SOLO := $(call qemu-with-modules,$(TEST_DTB_DIR)/boot-table-linux-solo.dtb,$(BOOT_TABLE_LINUX_SOLO_MODULES))
BOOT_TABLE_QEMU_COLOCATED := $(call qemu-with-modules,$(TEST_DTB_DIR)/linux-demo.dtb,$(LINUX_DEMO_MODULES))
BOOT_TABLE_QEMU_MORTISE := $(call qemu-with-modules,$(TEST_DTB_DIR)/root-demo.dtb,$(ROOT_DEMO_MODULES))

# One line per measurement: KIND|ROW|MARKER|COMMAND, KIND being icount or wall. Wall lines with
# the same COMMAND are one run that gives several rows. MARKER is a POSIX extended regex matched
# against console lines; the time is that of the marker's last character.
BOOT_TABLE_MARK_TENON := rt: periodic task every
BOOT_TABLE_MARK_RT := \[rt\] rt: periodic task every
BOOT_TABLE_MARK_LINUX := tenonos-linux: init reached
BOOT_TABLE_MARK_MORTISE := ^Mortise [^ ]+ \([^)]*\) at EL2: ([0-9]+) of \1 CPUs online
comma := ,
define BOOT_TABLE_LINES
icount|Tenon bare|^$(BOOT_TABLE_MARK_TENON)|$(QEMU_TENON) -icount shift=0,sleep=off -kernel $(RT_DEMO_IMAGE)
icount|Tenon solo under Mortise|$(BOOT_TABLE_MARK_RT)|$(subst $(QEMU_MORTISE),$(call boot-table-icount,2),$(BOOT_TABLE_QEMU_TENON_SOLO))
icount|Tenon co-located with Linux|$(BOOT_TABLE_MARK_RT)|$(subst $(QEMU_MORTISE),$(call boot-table-icount,4),$(BOOT_TABLE_QEMU_COLOCATED))
icount|Linux bare|$(BOOT_TABLE_MARK_LINUX)|$(subst -kernel ,-icount shift=0$(comma)sleep=off -kernel ,$(QEMU_LINUX_BARE))
icount|Linux solo under Mortise|$(BOOT_TABLE_MARK_LINUX)|$(subst $(QEMU_MORTISE),$(call boot-table-icount,4),$(BOOT_TABLE_QEMU_LINUX_SOLO))
icount|Linux co-located with Tenon|$(BOOT_TABLE_MARK_LINUX)|$(subst $(QEMU_MORTISE),$(call boot-table-icount,4),$(BOOT_TABLE_QEMU_COLOCATED))
icount|Linux as Xen dom0|$(BOOT_TABLE_MARK_LINUX)|$(subst -kernel ,-icount shift=2$(comma)sleep=off -kernel ,$(QEMU_XEN_DOM0))
icount|Mortise init, 1 CPU|$(BOOT_TABLE_MARK_MORTISE)|$(call boot-table-icount,1) -kernel $(MORTISE_IMAGE)
icount|Mortise init, 4 CPUs (root demo)|$(BOOT_TABLE_MARK_MORTISE)|$(subst $(QEMU_MORTISE),$(call boot-table-icount,4),$(BOOT_TABLE_QEMU_MORTISE))
wall|Tenon bare|^$(BOOT_TABLE_MARK_TENON)|$(BOOT_TABLE_QEMU_TENON_BARE)
wall|Tenon solo under Mortise|$(BOOT_TABLE_MARK_RT)|$(subst $(QEMU_MORTISE),$(subst -smp 4,-smp 2,$(QEMU_MORTISE)),$(BOOT_TABLE_QEMU_TENON_SOLO))
wall|Tenon co-located with Linux|$(BOOT_TABLE_MARK_RT)|$(QEMU_LINUX_DEMO)
wall|Linux bare|$(BOOT_TABLE_MARK_LINUX)|$(QEMU_LINUX_BARE)
wall|Linux solo under Mortise|$(BOOT_TABLE_MARK_LINUX)|$(BOOT_TABLE_QEMU_LINUX_SOLO)
wall|Linux co-located with Tenon|$(BOOT_TABLE_MARK_LINUX)|$(QEMU_LINUX_DEMO)
wall|Linux as Xen dom0|$(BOOT_TABLE_MARK_LINUX)|$(QEMU_XEN_DOM0)
wall|Mortise init, 1 CPU|$(BOOT_TABLE_MARK_MORTISE)|$(subst -smp 4,-smp 1,$(QEMU_MORTISE)) -kernel $(MORTISE_IMAGE)
wall|Mortise init, 4 CPUs (root demo)|$(BOOT_TABLE_MARK_MORTISE)|$(BOOT_TABLE_QEMU_MORTISE)
endef

# Written with $(file): the command lines keep their quotes (QEMU_LINUX_BARE's -append "...").
$(BOOT_TABLE_RUNS): $(BOOT_TABLE_MAKEFILES) test/linux-guest/guest.mk test/bench-guest/bench.mk
	$(Q)true $(shell mkdir -p $(@D))$(file >$@,$(BOOT_TABLE_LINES))

BOOT_TABLE_TOOLS := $(XEN_IMAGE) $(BOOT_TABLE_PLUGIN) $(BOOT_TABLE_PROFILE_PLUGIN) $(BOOT_TABLE_RUNS) $(TEST_DTB_DIR)/boot-table-tenon-solo.dtb \
	$(TEST_DTB_DIR)/boot-table-linux-solo.dtb $(TEST_DTB_DIR)/linux-demo.dtb \
	$(TEST_DTB_DIR)/root-demo.dtb
INTEGRATION_TOOLS += $(BOOT_TABLE_TOOLS)
# The boot table compares like with like: bare Linux and every Linux partition under Mortise (the
# table's and make run's) with the same command line, RAM and CPUs.
TOOL_TESTS += 'test/linux-guest/same-boot.sh $(O)/host/tenon-policy $(BOOT_TABLE_RUNS) \
	$(BOOT_TABLE_DIR)/linux-solo.cpio $(LINUX_DEMO_ARCHIVE) $(LINUX_CHANNEL_ARCHIVE)'
# Two steps, each well inside bench.sh's 300 s per step; the second prints the table.
BENCH_RUNS += 'boot-table-icount|test/boot-table/boot-table.sh icount $(BOOT_TABLE_DIR) \
		$(BOOT_TABLE_RUNS) $(BOOT_TABLE_ICOUNT_ROUNDS) $(BOOT_TABLE_PLUGIN)' \
	'boot-table|test/boot-table/boot-table.sh wall $(BOOT_TABLE_DIR) $(BOOT_TABLE_RUNS) \
		$(BOOT_TABLE_WALL_ROUNDS)' \
	'cycle-profile|NM=$(CROSS_COMPILE)nm test/boot-table/cycle-profile.sh $(BOOT_TABLE_DIR)/profile $(BOOT_TABLE_RUNS) \
		$(BOOT_TABLE_PROFILE_PLUGIN) $(O)/host/tenon-policy $(MORTISE_IMAGE:.img=.elf) "Linux bare=-" \
		"Linux solo under Mortise=$(BOOT_TABLE_DIR)/linux-solo.cpio"'
