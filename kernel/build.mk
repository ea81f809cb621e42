kernel-el := 2
kernel-srcs := $(addprefix kernel/,arch/aarch64/head.S main.c cpus.c memory.c power.c)
kernel-srcs += $(if $(CONFIG_MORTISE_SELFTEST_BOOTARGS),kernel/selftest.c)
kernel-libs := boot cpu sync libc-min fmt pl011 console exception dtb gicv3 gtimer page-alloc psci
kernel-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
