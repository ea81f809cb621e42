# Mortise with the self-test requests of its command line compiled in
# (CONFIG_MORTISE_SELFTEST_BOOTARGS=y), which the kernel image leaves out: the same sources,
# libraries, flags and link as kernel/build.mk. The fault-report test boots it (test/build.mk).
test/mortise-selftest-el := $(kernel-el)
test/mortise-selftest-srcs := $(kernel-srcs)
test/mortise-selftest-libs := $(kernel-libs)
test/mortise-selftest-includes := $(kernel-includes)
test/mortise-selftest-ldscript := $(kernel-ldscript)
test/mortise-selftest-cflags := $(kernel-cflags)
test/mortise-selftest-speed-cflags := $(kernel-speed-cflags)
test/mortise-selftest-speed-srcs := $(kernel-speed-srcs)
test/mortise-selftest-config-fragments := $(kernel-config-fragments) test/mortise-selftest/selftest.conf
# What runs at EL2 is the kernel image's configuration: the audit counts that one.
AUDIT_SKIP += test/mortise-selftest
