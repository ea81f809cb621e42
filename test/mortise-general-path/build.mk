# Mortise with its fast paths compiled out (CONFIG_MORTISE_FASTPATH=n): the same sources,
# libraries and link as kernel/build.mk. The hypercall tests boot it too (test/build.mk,
# test/hostile-guest/test.mk), so every call is checked against the general path alone as well.
$(call mortise-test-build,test/mortise-general-path)
test/mortise-general-path-config-fragments := test/mortise-general-path/general-path.conf
# What runs at EL2 is the kernel image's configuration: the audit counts that one.
AUDIT_SKIP += test/mortise-general-path
