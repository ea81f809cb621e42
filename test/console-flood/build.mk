# The console flood test's guest: Tenon on up to three CPUs (test/console-flood/test.mk).
test/console-flood-el := 1
test/console-flood-srcs := test/console-flood/main.c $(tenon-base-srcs)
test/console-flood-libs := $(tenon-base-libs)
test/console-flood-includes := $(tenon-base-includes)
test/console-flood-config-fragments := test/console-flood/console-flood.conf
test/console-flood-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
