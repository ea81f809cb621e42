# SPDX-License-Identifier: Apache-2.0
# tenon-audit, the TCB audit (orchestrator/audit/README.md), its tests and `make audit`.
# Included by the Makefile after the libraries and the images, so caps-host-srcs, policy-host-srcs,
# LIB_DIRS, IMAGES and each image's -el are known.
AUDIT_TOOL := $(O)/host/tenon-audit
AUDIT_TOOL_SRCS := $(wildcard orchestrator/audit/*.c) $(addprefix caps/,$(caps-host-srcs)) \
	$(addprefix policy/,$(policy-host-srcs))

$(AUDIT_TOOL): $(AUDIT_TOOL_SRCS) orchestrator/audit/audit.h $(AUTOCONF) $(LIB_HEADERS)
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Iorchestrator/audit -o $@ $(AUDIT_TOOL_SRCS)

HOST_TOOLS += $(AUDIT_TOOL)
TOOL_TESTS += 'test/audit/run.sh $(AUDIT_TOOL) $(POLICY_TOOL) $(O)/test/dtb/virt.dtb'

# ---- make audit ----------------------------------------------------------------------------------
# Every image the build makes, classed by where it runs: -el 2 is Mortise; EL1 images are guests
# unless named in AUDIT_COMPONENTS (the deprivileged VMM components; vmm/ images join when they
# exist). The policy is compiled with tenon-policy; AUDIT_POLICY=FILE audits another manifest.
AUDIT_POLICY ?= policy/examples/mixed-criticality.dts
AUDIT_COMPONENTS ?= test/exit-vmm $(filter vmm/%,$(IMAGES))
AUDIT_DIR := $(O)/audit
audit-class = $(if $(filter 2,$($(1)-el)),el2,$(if $(filter $(1),$(AUDIT_COMPONENTS)),component,guest))
# Images that only tests boot, another configuration of one audited already, name themselves in
# AUDIT_SKIP.
AUDIT_IMAGES := $(filter-out $(AUDIT_SKIP),$(IMAGES))
AUDIT_IMAGE_ARGS := $(foreach i,$(AUDIT_IMAGES),--image $(call audit-class,$(i)):$(i):$(call image-file,$(i)).elf)

.PHONY: audit
audit: $(AUDIT_TOOL) $(POLICY_TOOL) $(O)/test/dtb/virt.dtb $(foreach i,$(AUDIT_IMAGES),$(call image-file,$(i)).elf)
	$(Q)mkdir -p $(AUDIT_DIR)
	$(Q)$(POLICY_TOOL) compile $(AUDIT_POLICY) -o $(AUDIT_DIR)/policy.blob \
		--platform $(O)/test/dtb/virt.dtb
	$(Q)$(AUDIT_TOOL) report $(AUDIT_IMAGE_ARGS) --libraries "$(LIB_DIRS)" --build-dir $(O) \
		--policy $(AUDIT_DIR)/policy.blob --json $(AUDIT_DIR)/audit.json --dot $(AUDIT_DIR)/audit.dot
	$(Q)if command -v dot >/dev/null; then dot -Tsvg -o $(AUDIT_DIR)/audit.svg $(AUDIT_DIR)/audit.dot && \
		echo "Wrote $(AUDIT_DIR)/audit.json, $(AUDIT_DIR)/audit.dot and $(AUDIT_DIR)/audit.svg"; \
	else echo "Wrote $(AUDIT_DIR)/audit.json and $(AUDIT_DIR)/audit.dot (install graphviz for the SVG)"; fi
