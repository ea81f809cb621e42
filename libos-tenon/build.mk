libos-tenon-el := 1
libos-tenon-srcs :=
libos-tenon-libs := cpu sync
libos-tenon-ldscript := libos-tenon/arch/aarch64/tenon.ld
