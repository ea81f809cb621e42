# A Tenon partition serving msg-ring messages over its first channel with channel-msg: what Linux's
# tenon-msg talks to through a channel seen as a PCI device (test/integration/linux-pci.expect).
test/msg-guest-el := 1
test/msg-guest-srcs := test/msg-guest/main.c $(tenon-base-srcs)
test/msg-guest-libs := $(tenon-base-libs) caps msg-ring channel-msg
test/msg-guest-includes := $(tenon-base-includes)
test/msg-guest-config-fragments := test/msg-guest/msg-guest.conf
test/msg-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
