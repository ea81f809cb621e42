/* SPDX-License-Identifier: Apache-2.0 */
/*
 * boot_mmu_enable: turns on the MMU and caches of this CPU at TARGET_EL with the bootstrap identity
 * map. A leaf function that touches no memory, so it runs before the stack holds anything.
 * Clobbers x0, x1.
 */
#include "boot.h"

#if TARGET_EL == 2
#define MAIR mair_el2
#define TCR tcr_el2
#define TTBR ttbr0_el2
#define SCTLR sctlr_el2
/* T0SZ 32 (4 GiB), walks inner/outer write-back, inner shareable, 4 KiB granule, PS 40 bits, RES1 bits 23 and 31. */
#define TCR_VALUE 0x80823520
#else
#define MAIR mair_el1
#define TCR tcr_el1
#define TTBR ttbr0_el1
#define SCTLR sctlr_el1
/* Same for TTBR0, EPD1 (no TTBR1 walks), IPS 40 bits. */
#define TCR_VALUE 0x200803520
#endif

#define SCTLR_M (1 << 0)
#define SCTLR_A (1 << 1)
#define SCTLR_C (1 << 2)
#define SCTLR_SA (1 << 3)
#define SCTLR_I (1 << 12)
#define SCTLR_WXN (1 << 19)
#define SCTLR_EE (1 << 25)

	.text
	.global boot_mmu_enable
boot_mmu_enable:
	mov	x0, #BOOT_MAIR_VALUE
	msr	MAIR, x0
	ldr	x0, =TCR_VALUE
	msr	TCR, x0
	adrp	x0, boot_map_level1
	add	x0, x0, :lo12:boot_map_level1 /* 64-byte aligned, not page aligned (boot_map.c) */
	msr	TTBR, x0
	isb
	/* Stale entries from firmware or a previous boot must not survive (Arm ARM D8.13). */
#if TARGET_EL == 2
	tlbi	alle2
#else
	tlbi	vmalle1
#endif
	dsb	nsh
	isb
	mrs	x0, SCTLR
	ldr	x1, =(SCTLR_A | SCTLR_WXN | SCTLR_EE)
	bic	x0, x0, x1
	ldr	x1, =(SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I)
	orr	x0, x0, x1
	msr	SCTLR, x0
	isb
	ret
