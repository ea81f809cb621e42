kernel-el := 2
kernel-srcs :=
kernel-libs := cpu sync
kernel-ldscript := kernel/arch/aarch64/mortise.ld
