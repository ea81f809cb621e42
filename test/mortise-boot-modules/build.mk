# Mortise with its boot-module partitions compiled in (CONFIG_MORTISE_BOOT_MODULES=y), which the
# kernel image leaves out: the same sources, libraries, flags and link as kernel/build.mk. The
# tests and benchmarks whose guests boot without a root component boot it (test/build.mk).
test/mortise-boot-modules-el := $(kernel-el)
test/mortise-boot-modules-srcs := $(kernel-srcs)
test/mortise-boot-modules-libs := $(kernel-libs)
test/mortise-boot-modules-includes := $(kernel-includes)
test/mortise-boot-modules-ldscript := $(kernel-ldscript)
test/mortise-boot-modules-cflags := $(kernel-cflags)
test/mortise-boot-modules-speed-cflags := $(kernel-speed-cflags)
test/mortise-boot-modules-speed-srcs := $(kernel-speed-srcs)
test/mortise-boot-modules-config-fragments := $(kernel-config-fragments) test/mortise-boot-modules/boot-modules.conf
# What runs at EL2 is the kernel image's configuration: the audit counts that one.
AUDIT_SKIP += test/mortise-boot-modules
