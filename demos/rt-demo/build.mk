# The real-time demo for the mixed Tenon + Linux system: a periodic highest-priority task that
# measures its wake-up latency and checks its deadline, over a busy background thread. Tickless,
# so a release is met to the counter period plus interrupt latency rather than to the next tick.
# The same image runs bare and as a Mortise guest.
demos/rt-demo-el := 1
demos/rt-demo-srcs := $(addprefix demos/rt-demo/,main.c periodic.c latency_window.c \
	background.c) $(tenon-base-srcs)
demos/rt-demo-libs := $(tenon-base-libs)
demos/rt-demo-includes := $(tenon-base-includes) -Idemos/rt-demo
demos/rt-demo-config-fragments := libos-tenon/configs/tickless.conf
demos/rt-demo-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
