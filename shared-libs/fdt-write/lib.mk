fdt-write-srcs := fdt_write.c partition.c
fdt-write-host-srcs := fdt_write.c partition.c
fdt-write-tests := test/test_fdt_write.c
fdt-write-host-ldlibs := -lfdt
fdt-write-host-deps := fmt
