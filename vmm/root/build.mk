# The root component: creates the partitions of the compiled policy, then gets out of the way.
vmm/root-el := 1
vmm/root-srcs := $(addprefix vmm/root/,main.c build.c devicetree.c grants.c channels.c pools.c tables.c) shared-libs/boot/$(boot-el1-srcs)
vmm/root-libs := boot cpu sync libc-min fmt console exception hvc psci cpio policy caps fdt-write
vmm/root-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
