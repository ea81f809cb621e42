channel-msg-srcs := channel_msg.c tenon_channel.c
channel-msg-host-srcs := channel_msg.c
channel-msg-host-deps := msg-ring
channel-msg-tests := test/test_channel_msg.c
# The Tenon binding waits on a semaphore: built only where the image has them.
CONFIG_SOURCES += libos-tenon/channel-msg/tenon_channel.c:TENON_SEMAPHORES
