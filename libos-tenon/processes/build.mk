# Tenon with EL0 processes: musl programs (libos-tenon/apps/, built by libos-tenon/test.mk)
# embedded in the image, each run in its own address space.
libos-tenon/processes-el := 1
libos-tenon/processes-srcs := libos-tenon/processes/main.c libos-tenon/processes/apps.S \
	$(addprefix libos-tenon/process/,process.c address_space.c elf_load.c syscall.c \
	user_context.c user_registers.S) $(tenon-base-srcs)
libos-tenon/processes-libs := $(tenon-base-libs) page-alloc
libos-tenon/processes-includes := $(tenon-base-includes) -Ilibos-tenon/process \
	-DTENON_TIME_SLICE_US=2000 -Wa,-I$(O)/libos-tenon/apps
libos-tenon/processes-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
