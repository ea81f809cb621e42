boot-srcs := boot_map.c arch/aarch64/boot_mmu.S
# Only EL1 images link the EL1 entry; Mortise has its own (EL2, secondaries).
boot-el1-srcs := arch/aarch64/entry_el1.S
boot-host-srcs := boot_map.c
boot-tests := test/test_boot.c
