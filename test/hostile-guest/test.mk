# The hostile-guest test (included by test/build.mk): two boot modules, each a guest of its own
# on the CPU its "tenonos,cpu" names (kernel/boot_modules.c): the hostile guest from CPU 0 (it
# adds CPUs 1 and 2) and the heartbeat partition on CPU 3. The budget of random hypercalls is
# each image's hostile_budget.h: test/hostile-guest/budget (10^5) and test/hostile-soak (10^6).
HOSTILE_DTB_TOOLS := $(TEST_DTB_DIR)/virt.dtb test/build.mk test/hostile-guest/test.mk \
	test/heartbeat-guest/heartbeat.h
HEARTBEAT_IMAGE := $(O)/test/heartbeat-guest/heartbeat-guest.img
HEARTBEAT_CPU := $(shell sed -n 's/^#define HEARTBEAT_CPU \([0-9]*\)$$/\1/p' test/heartbeat-guest/heartbeat.h)
define hostile-dtb
	$(call add-modules,$(1))
	$(Q)fdtput -t i $@ /chosen/module@0 tenonos,cpu 0
	$(Q)fdtput -t i $@ /chosen/module@1 tenonos,cpu $(HEARTBEAT_CPU)
endef

HOSTILE_MODULES := $(O)/test/hostile-guest/hostile-guest.img $(HEARTBEAT_IMAGE)
$(TEST_DTB_DIR)/hostile.dtb: $(HOSTILE_DTB_TOOLS) $(HOSTILE_MODULES)
	$(call hostile-dtb,$(HOSTILE_MODULES))
QEMU_HOSTILE = $(call qemu-with-boot-modules,$(TEST_DTB_DIR)/hostile.dtb,$(HOSTILE_MODULES))

HOSTILE_SOAK_MODULES := $(O)/test/hostile-soak/hostile-soak.img $(HEARTBEAT_IMAGE)
$(TEST_DTB_DIR)/hostile-soak.dtb: $(HOSTILE_DTB_TOOLS) $(HOSTILE_SOAK_MODULES)
	$(call hostile-dtb,$(HOSTILE_SOAK_MODULES))
QEMU_HOSTILE_SOAK = $(call qemu-with-boot-modules,$(TEST_DTB_DIR)/hostile-soak.dtb, \
	$(HOSTILE_SOAK_MODULES))

# Each twice: under -icount, where the heartbeat's period is judged in virtual time, and with the
# CPUs in parallel host threads, where the workers' calls really overlap in Mortise (a few seconds
# each on a quiet host; the parallel one slows with the host's load, hence its longer timeout).
INTEGRATION_TOOLS += $(TEST_DTB_DIR)/hostile.dtb
INTEGRATION_TESTS += '$(call expect,180,test/integration/mortise-hostile-guest.expect) \
	$(QEMU_HOSTILE) -icount shift=0,sleep=off' \
	'$(call expect,300,test/integration/mortise-hostile-parallel.expect) $(QEMU_HOSTILE)' \
	'$(call expect,180,test/integration/mortise-hostile-guest-general-path.expect) \
	$(subst $(MORTISE_BOOT_MODULES_IMAGE),$(MORTISE_GENERAL_PATH_IMAGE),$(QEMU_HOSTILE)) -icount shift=0,sleep=off'
SOAK_TOOLS := $(TEST_DTB_DIR)/hostile-soak.dtb
SOAK_TESTS := '$(call expect,3000,test/integration/mortise-hostile-guest.expect) \
	$(QEMU_HOSTILE_SOAK) -icount shift=0,sleep=off' \
	'$(call expect,3000,test/integration/mortise-hostile-parallel.expect) $(QEMU_HOSTILE_SOAK)'
