# The sched component: runs a pool's Tenon instances from templates, serves control channels.
vmm/sched-el := 1
vmm/sched-srcs := $(addprefix vmm/sched/,main.c config.c devicetree.c instances.c serve.c \
	mortise.c) \
	shared-libs/boot/$(boot-el1-srcs)
vmm/sched-libs := boot cpu sync libc-min fmt console exception hvc caps dtb gicv3 gtimer sched-proto \
	admission fdt-write
vmm/sched-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
