# Linux user space only (static, musl): no Tenon or Mortise image lists it; test/linux-guest/guest.mk
# builds libuio-channel.a with channel-msg and msg-ring for the initramfs's programs.
uio-channel-srcs :=
uio-channel-host-srcs := uio_channel.c
uio-channel-host-deps := channel-msg msg-ring
uio-channel-tests := test/test_uio_channel.c
