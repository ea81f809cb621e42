/* SPDX-License-Identifier: Apache-2.0 */
#include "boot.h"

#define BOOT_RAM_FIRST_BLOCK (CONFIG_PLATFORM_RAM_BASE >> BOOT_MAP_BLOCK_SHIFT)

/*
 * At EL2 (one privilege level, no E2H) AP[1] is RES1 and bit 54 is the only execute-never bit; at
 * EL1 AP[1] = 0 keeps EL0 out and both PXN and UXN stop execution from device memory
 * (Arm ARM D8.4.1, "Memory access control").
 */
#define DEVICE_BLOCK(el)                                                                          \
	(BOOT_DESC_BLOCK | BOOT_DESC_ATTR_INDEX(BOOT_MAIR_DEVICE_NGNRNE) | BOOT_DESC_ACCESS_FLAG |  \
	 BOOT_DESC_XN | ((el) == 2 ? BOOT_DESC_AP1 : BOOT_DESC_PXN))
#define NORMAL_BLOCK(el)                                                                          \
	(BOOT_DESC_BLOCK | BOOT_DESC_ATTR_INDEX(BOOT_MAIR_NORMAL_WB) | BOOT_DESC_INNER_SHAREABLE |  \
	 BOOT_DESC_ACCESS_FLAG | ((el) == 2 ? BOOT_DESC_AP1 : 0))
#define BLOCK(index, el)                                                                          \
	(((unsigned long long)(index) << BOOT_MAP_BLOCK_SHIFT) |                                  \
	 ((index) < BOOT_RAM_FIRST_BLOCK ? DEVICE_BLOCK(el) : NORMAL_BLOCK(el)))

uint64_t boot_map_block_descriptor(unsigned index, unsigned exception_level)
{
	if (index >= BOOT_MAP_BLOCKS)
		return 0;
	return BLOCK(index, exception_level);
}

#ifdef TARGET_EL
/*
 * With T0SZ 32 the walk starts at level 1 with one entry per GiB: four entries, not 512. A table of
 * fewer than eight entries is aligned to 64 bytes (the Arm ARM's rule for the alignment of a
 * translation table's base address), not to a page.
 */
__attribute__((aligned(64), section(".rodata.boot_map"))) const uint64_t
	boot_map_level1[BOOT_MAP_BLOCKS] = {
	BLOCK(0, TARGET_EL),
	BLOCK(1, TARGET_EL),
	BLOCK(2, TARGET_EL),
	BLOCK(3, TARGET_EL),
};
#endif
