# Tenon's benchmark suite as a Mortise guest (included by test/build.mk): the same bench-tick and
# bench-tickless images that run bare, built into a partition by the root component from a policy,
# alone (solo.dts) and beside a busy partition (beside.dts). Compare the rows with tenon-bare-*.
BENCH_GUEST_DIR := $(O)/test/bench-guest

# QEMU's devicetree with exactly the CPUs the run has: Mortise starts every CPU /cpus lists, and with
# the 4-CPU virt.dtb under -smp 2 it would report two CPUs that did not start on every boot.
$(TEST_DTB_DIR)/virt-smp%.dtb:
	$(Q)mkdir -p $(@D)
	$(Q)$(subst -smp 4,-smp $*,$(QEMU_MORTISE)) -machine dumpdtb=$@ >/dev/null 2>&1
# add-modules on such a devicetree instead of virt.dtb: $(call bench-guest-modules,IMAGES,BASE-DTB)
bench-guest-modules = $(subst cp $(TEST_DTB_DIR)/virt.dtb $@,cp $(2) $@,$(call add-modules,$(1)))

# One archive and one boot devicetree per configuration and mode: root.img is module 0 (marked the
# root component), the archive module 1. The bench image is always bench.img inside the archive, so
# both modes share one policy. (A template, not pattern rules: the mode appears twice in the image's
# path, and a pattern rule substitutes only one % per prerequisite.)
BENCH_GUEST_MODES := tick tickless
# The module addresses written into the devicetree come from test/build.mk (MODULE_BASE), and QEMU
# loads the modules where that file says at run time, so a devicetree older than it is stale.
BENCH_GUEST_MAKEFILES := test/build.mk test/bench-guest/bench.mk
define bench-guest-configuration
$(BENCH_GUEST_DIR)/$(1)-$(2).cpio: test/bench-guest/$(1).dts \
		$(O)/test/tenon-bench/bench-$(2)/bench-$(2).img $(4) $(ROOT_ARCHIVE_TOOLS)
	$$(call root-archive,$$<,$(O)/test/tenon-bench/bench-$(2)/bench-$(2).img:bench.img $(5))
$(TEST_DTB_DIR)/bench-guest-$(1)-$(2).dtb: $(TEST_DTB_DIR)/virt-smp$(3).dtb $(ROOT_IMAGE) \
		$(BENCH_GUEST_DIR)/$(1)-$(2).cpio $(BENCH_GUEST_MAKEFILES)
	$$(call bench-guest-modules,$(ROOT_IMAGE) $(BENCH_GUEST_DIR)/$(1)-$(2).cpio,$$<)
	$$(Q)fdtput -t s $$@ /chosen/module@0 compatible tenonos,root-component multiboot,module
endef
BENCH_GUEST_BUSY := $(RT_DEMO_IMAGE)
$(foreach mode,$(BENCH_GUEST_MODES),$(eval $(call bench-guest-configuration,solo,$(mode),2)) \
	$(eval $(call bench-guest-configuration,beside,$(mode),3,$(BENCH_GUEST_BUSY),$(BENCH_GUEST_BUSY):busy.img)))

BENCH_GUEST_DTBS := $(foreach mode,$(BENCH_GUEST_MODES),$(TEST_DTB_DIR)/bench-guest-solo-$(mode).dtb \
	$(TEST_DTB_DIR)/bench-guest-beside-$(mode).dtb)

# Mortise with root.img and an archive as boot modules, under QEMU_BENCH's -icount shift=0 with
# SMP CPUs: $(call qemu-bench-guest,CONFIGURATION,MODE,SMP)
qemu-bench-guest = $(subst $(QEMU_MORTISE),$(subst -smp 1,-smp $(3),$(QEMU_BENCH)),$(call \
	qemu-with-modules,$(TEST_DTB_DIR)/bench-guest-$(1)-$(2).dtb,$(ROOT_IMAGE) \
	$(BENCH_GUEST_DIR)/$(1)-$(2).cpio))

# Solo: the suite powers its partition off when done, and with the root's CPU already off that is
# the last partition, so Mortise powers the machine off and bench.sh sees QEMU exit.
BENCH_RUNS += $(foreach mode,$(BENCH_GUEST_MODES), \
	'tenon-guest-solo-$(mode)|$(call qemu-bench-guest,solo,$(mode),2)')
# Beside: the busy partition runs forever, so the harness stops QEMU once the suite is done and the
# console it logged goes to bench.sh. bench.sh reads stderr as well, but a passing harness prints
# no "bench: " text there; a failing one makes the run fail.
BENCH_RUNS += $(foreach mode,$(BENCH_GUEST_MODES), \
	'tenon-guest-beside-$(mode)|$(HARNESS) --timeout 280 \
		--log $(BENCH_GUEST_DIR)/beside-$(mode).console test/bench-guest/until-done.expect -- \
		$(call qemu-bench-guest,beside,$(mode),3) >&2 && cat $(BENCH_GUEST_DIR)/beside-$(mode).console')

# The smoke test: the suite under Mortise passes the same shape checks as bare, every line of it
# carrying its partition's name.
INTEGRATION_TOOLS += $(BENCH_GUEST_DTBS)
INTEGRATION_TESTS += \
	'$(call expect,180,test/integration/tenon-bench-guest.expect) \
		$(call qemu-bench-guest,solo,tick,2)'
