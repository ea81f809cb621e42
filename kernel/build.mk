kernel-el := 2
kernel-includes := -Ikernel
kernel-srcs := $(addprefix kernel/,arch/aarch64/head.S main.c cpus.c memory.c power.c \
	hypercall.c hypercall_vcpu.c hypercall_partition.c partition.c vcpu.c endpoint.c channel.c boot_partitions.c \
	arch/aarch64/stage2.c arch/aarch64/vcpu_context.c arch/aarch64/fpsimd.S \
	arch/aarch64/vcpu_entry.S arch/aarch64/trap.c arch/aarch64/irq.c \
	arch/aarch64/vgic.c arch/aarch64/debug_pmu.c arch/aarch64/guest_inject.c)
kernel-srcs += $(if $(CONFIG_MORTISE_SELFTEST_BOOTARGS),kernel/selftest.c)
kernel-libs := boot cpu sync libc-min fmt pl011 console exception dtb gicv3 gtimer page-alloc psci \
	caps
kernel-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
