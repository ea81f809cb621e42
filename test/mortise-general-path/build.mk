# Mortise with its fast paths compiled out (CONFIG_MORTISE_FASTPATH=n): the same sources,
# libraries and link as kernel/build.mk. The hypercall tests boot it too (test/build.mk,
# test/hostile-guest/test.mk), so every call is checked against the general path alone as well.
test/mortise-general-path-el := $(kernel-el)
test/mortise-general-path-srcs := $(kernel-srcs)
test/mortise-general-path-libs := $(kernel-libs)
test/mortise-general-path-includes := $(kernel-includes)
test/mortise-general-path-ldscript := $(kernel-ldscript)
test/mortise-general-path-cflags := $(kernel-cflags)
test/mortise-general-path-speed-cflags := $(kernel-speed-cflags)
test/mortise-general-path-speed-srcs := $(kernel-speed-srcs)
test/mortise-general-path-config-fragments := test/mortise-general-path/general-path.conf
# What runs at EL2 is the kernel image's configuration: the audit counts that one.
AUDIT_SKIP += test/mortise-general-path
