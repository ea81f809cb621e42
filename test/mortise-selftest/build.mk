# Mortise with the self-test requests of its command line compiled in
# (CONFIG_MORTISE_SELFTEST_BOOTARGS=y), which the kernel image leaves out: the same sources,
# libraries, flags and link as kernel/build.mk. The fault-report test boots it (test/build.mk).
$(call mortise-test-build,test/mortise-selftest)
test/mortise-selftest-config-fragments := $(kernel-config-fragments) test/mortise-selftest/selftest.conf
# What runs at EL2 is the kernel image's configuration: the audit counts that one.
AUDIT_SKIP += test/mortise-selftest
