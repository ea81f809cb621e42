# The Tenon image booted by the root demo (test/root/demo.dts). Every other Tenon image (the tests
# and benchmarks under test/, demos/rt-demo/) is built from tenon-base-srcs and tenon-base-libs.
tenon-rt-dir := libos-tenon/tenon-rt
tenon-base-srcs := $(addprefix libos-tenon/,platform.c irq.c power.c arch/aarch64/arch.c \
	arch/aarch64/clock.c arch/aarch64/context.S arch/aarch64/vectors.S arch/aarch64/smp.c arch/aarch64/smp_entry.S) $(addprefix $(tenon-rt-dir)/,$(tenon-rt-srcs)) \
	shared-libs/boot/$(boot-el1-srcs)
tenon-base-libs := boot cpu sync libc-min fmt pl011 console exception dtb gicv3 gtimer psci hvc
tenon-base-includes := -Ilibos-tenon -I$(tenon-rt-dir)
# EL0 processes (libos-tenon/process/): an image that runs musl programs adds these, the
# page-alloc library and -Ilibos-tenon/process; built only with CONFIG_TENON_PROCESSES=y.
tenon-process-srcs := $(addprefix libos-tenon/process/,process.c address_space.c elf_load.c \
	syscall.c user_context.c user_registers.S)
CONFIG_SOURCES += $(addsuffix :TENON_PROCESSES,$(tenon-process-srcs))
# Channel messages for processes (process_grant_channel): an image that has it adds this source and
# the channel-msg and msg-ring libraries.
tenon-process-channel-srcs := libos-tenon/process/channel_syscall.c
CONFIG_SOURCES += $(tenon-process-channel-srcs):TENON_PROCESS_CHANNELS

libos-tenon-el := 1
libos-tenon-srcs := libos-tenon/main.c $(tenon-base-srcs)
libos-tenon-libs := $(tenon-base-libs)
libos-tenon-includes := $(tenon-base-includes)
libos-tenon-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
