# SPDX-License-Identifier: Apache-2.0
# tenon-orchestrate, the library graph and the planner (orchestrator/orchestrate/README.md), and
# its tests. It reuses the audit's JSON reader to read `make audit`'s figures.
ORCHESTRATE_TOOL := $(O)/host/tenon-orchestrate
ORCHESTRATE_SRCS := $(wildcard orchestrator/orchestrate/*.c) orchestrator/audit/json.c \
	orchestrator/audit/util.c $(addprefix shared-libs/dtb/,$(dtb-host-srcs))
ORCHESTRATE_DB := $(O)/orchestrate/graph.db

$(ORCHESTRATE_TOOL): $(ORCHESTRATE_SRCS) orchestrator/orchestrate/orchestrate.h \
		orchestrator/audit/audit.h $(AUTOCONF) $(LIB_HEADERS)
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Iorchestrator/orchestrate -Iorchestrator/audit -o $@ \
		$(ORCHESTRATE_SRCS) -lkconfig-parser -lsqlite3 -lpicosat -lfdt

$(ORCHESTRATE_DB): $(ORCHESTRATE_TOOL) $(KCONFIG_FILES)
	$(Q)mkdir -p $(@D)
	$(Q)$(ORCHESTRATE_TOOL) graph --kconfig Kconfig --db $@ \
		$(if $(wildcard $(AUDIT_DIR)/audit.json),--audit $(AUDIT_DIR)/audit.json)

# The Linux guest's kernel command line (LINUX_GUEST_BOOTARGS, test/linux-guest/guest.mk), which
# tenon-orchestrate build writes into a plan's Linux partitions as the Linux tests do.
$(O)/linux-guest/bootargs: test/linux-guest/guest.mk
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' '$(LINUX_GUEST_BOOTARGS)' >$@

HOST_TOOLS += $(ORCHESTRATE_TOOL) $(ORCHESTRATE_DB)
TOOL_TESTS += 'test/orchestrate/graph.sh $(ORCHESTRATE_TOOL)'
TOOL_TESTS += 'test/orchestrate/plan.sh $(ORCHESTRATE_TOOL) $(POLICY_TOOL) $(ORCHESTRATE_DB) $(O)/test/dtb/virt.dtb'

# ---- make orchestrate-check ----------------------------------------------------------------------
# The orchestrator's tests alone, booting every objective without Linux or a pool (make test boots
# two of them; ORCHESTRATE_BOOTABLE and ORCHESTRATE_BOOT_TEST are in test/build.mk).
.PHONY: orchestrate-check
orchestrate-check: $(ORCHESTRATE_TOOL) $(ORCHESTRATE_DB) $(POLICY_TOOL) $(O)/test/dtb/virt.dtb
	$(Q)TEST_TIMEOUT=$${TEST_TIMEOUT:-1800} test/run-tests.sh $(O)/test-logs -- \
		'test/orchestrate/graph.sh $(ORCHESTRATE_TOOL)' \
		'test/orchestrate/plan.sh $(ORCHESTRATE_TOOL) $(POLICY_TOOL) $(ORCHESTRATE_DB) $(O)/test/dtb/virt.dtb' \
		'$(ORCHESTRATE_BOOT_TEST) $(ORCHESTRATE_BOOTABLE)'
