# The real-time demo for the mixed Tenon + Linux system: a periodic highest-priority task that
# measures its wake-up latency and checks its deadline, over a busy background thread. Tickless,
# so a release is met to the counter period plus interrupt latency rather than to the next tick.
# The same image runs bare and as a Mortise guest; given a channel, it answers requests on it
# (control.c), whose doorbell wakes its server on a semaphore.
demos/rt-demo-el := 1
demos/rt-demo-srcs := $(addprefix demos/rt-demo/,main.c periodic.c latency_window.c \
	background.c control.c) $(tenon-base-srcs)
demos/rt-demo-libs := $(tenon-base-libs) caps msg-ring channel-msg
demos/rt-demo-includes := $(tenon-base-includes) -Idemos/rt-demo
demos/rt-demo-config-fragments := libos-tenon/configs/tickless.conf demos/rt-demo/rt-demo.conf
demos/rt-demo-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
