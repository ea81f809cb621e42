# The Linux VMM component: boots the unmodified Linux guests it is the VMM of and serves their exits.
vmm/linux-el := 1
vmm/linux-srcs := $(addprefix vmm/linux/,main.c config.c boot.c guest_dtb.c firmware.c pci_host.c) \
	shared-libs/boot/$(boot-el1-srcs)
vmm/linux-libs := boot cpu sync libc-min fmt console exception hvc psci caps vgic-mmio fdt-write dtb pci-ivshmem
vmm/linux-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
