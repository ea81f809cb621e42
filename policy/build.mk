# SPDX-License-Identifier: Apache-2.0
# tenon-policy, the manifest checker and compiler, and its tests. Included by the Makefile after the
# libraries, so policy-host-srcs and dtb-host-srcs are known.
POLICY_TOOL := $(O)/host/tenon-policy
POLICY_TOOL_SRCS := $(wildcard policy/tool/*.c) $(addprefix policy/,$(policy-host-srcs)) \
	$(addprefix shared-libs/dtb/,$(dtb-host-srcs))

$(POLICY_TOOL): $(POLICY_TOOL_SRCS) $(wildcard policy/tool/*.h) $(AUTOCONF) $(LIB_HEADERS)
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Ipolicy/tool -o $@ $(POLICY_TOOL_SRCS) -lfdt

HOST_TOOLS += $(POLICY_TOOL) $(O)/test/dtb/virt.dtb
TOOL_TESTS += 'test/policy/run.sh $(POLICY_TOOL) $(O)/test/dtb/virt.dtb'
