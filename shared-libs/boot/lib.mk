boot-srcs := boot_map.c arch/aarch64/boot_mmu.S
boot-host-srcs := boot_map.c
boot-tests := test/test_boot.c
