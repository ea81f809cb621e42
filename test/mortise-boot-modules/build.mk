# Mortise with its boot-module partitions compiled in (CONFIG_MORTISE_BOOT_MODULES=y), which the
# kernel image leaves out: the same sources, libraries, flags and link as kernel/build.mk. The
# tests and benchmarks whose guests boot without a root component boot it (test/build.mk).
$(call mortise-test-build,test/mortise-boot-modules)
test/mortise-boot-modules-config-fragments := $(kernel-config-fragments) test/mortise-boot-modules/boot-modules.conf
# What runs at EL2 is the kernel image's configuration: the audit counts that one.
AUDIT_SKIP += test/mortise-boot-modules
