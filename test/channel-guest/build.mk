# Two Tenon partitions exchanging requests and replies over a channel (shared memory and doorbells),
# and a third that must not see it: the root component's channels, end to end.
test/channel-guest-el := 1
test/channel-guest-srcs := test/channel-guest/main.c $(tenon-base-srcs)
test/channel-guest-libs := $(tenon-base-libs) bench caps
test/channel-guest-includes := $(tenon-base-includes)
test/channel-guest-config-fragments := test/channel-guest/channel-guest.conf
test/channel-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
