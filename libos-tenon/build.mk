libos-tenon-el := 1
libos-tenon-srcs := $(addprefix libos-tenon/,main.c irq.c tick.c power.c)
libos-tenon-libs := boot cpu sync libc-min fmt pl011 console exception dtb gicv3 gtimer psci
libos-tenon-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
libos-tenon-srcs += shared-libs/boot/$(boot-el1-srcs)
