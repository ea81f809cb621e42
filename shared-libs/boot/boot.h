/* SPDX-License-Identifier: Apache-2.0 */
/*
 * boot: what every image needs between reset and C: the arm64 Image header (so boot loaders and
 * QEMU load us like a Linux kernel and pass the DTB in x0), and the bootstrap identity map that
 * turns the MMU and caches on at the image's EL before any C runs.
 *
 * The bootstrap map covers the first 4 GiB with 1 GiB blocks: device memory below the platform's
 * RAM base, normal write-back memory from it. C code (libfdt in particular) needs the MMU on: with
 * it off every access is Device-nGnRnE and an unaligned access faults.
 */
#ifndef BOOT_H
#define BOOT_H

#define BOOT_MAP_BLOCK_SHIFT 30
#define BOOT_MAP_BLOCKS 4

/* Memory attribute indices into MAIR (Arm ARM D8.4.2). */
#define BOOT_MAIR_DEVICE_NGNRNE 0
#define BOOT_MAIR_NORMAL_WB 1
#define BOOT_MAIR_VALUE 0xff00

/* Level-1 block descriptor fields (Arm ARM D8.3.2). */
#define BOOT_DESC_BLOCK 0x1ULL
#define BOOT_DESC_ATTR_INDEX(index) ((unsigned long long)(index) << 2)
#define BOOT_DESC_AP1 (1ULL << 6)
#define BOOT_DESC_INNER_SHAREABLE (3ULL << 8)
#define BOOT_DESC_ACCESS_FLAG (1ULL << 10)
#define BOOT_DESC_PXN (1ULL << 53)
#define BOOT_DESC_XN (1ULL << 54)

#ifndef __ASSEMBLY__
#include <stdint.h>

/* Level-1 table, read by the table walker with the MMU off: built at link time, not at run time. */
extern const uint64_t boot_map_level1[BOOT_MAP_BLOCKS];

/* Descriptor for the 1 GiB block at index, for the EL the image runs at. */
uint64_t boot_map_block_descriptor(unsigned index, unsigned exception_level);

/* What arch/aarch64/entry_el1.S calls: each EL1 image defines it. */
void image_main(const void *dtb);
#endif

#ifdef __ASSEMBLY__
/*
 * arm64 Image header (Linux Documentation/arch/arm64/booting.rst): text_offset 0 and a non-zero
 * image_size, flags = little-endian, 4 KiB pages, placed 2 MiB-aligned near the start of RAM.
 */
.macro arm64_image_header entry
	b	\entry
	.long	0
	.quad	0
	.quad	__image_size
	.quad	0x2
	.quad	0
	.quad	0
	.quad	0
	.ascii	"ARM\x64"
	.long	0
.endm

/* sp = \base + (\index + 1) * \size: the top of this CPU's slice of a stack array. */
.macro set_cpu_stack base, index, size, scratch1, scratch2
	adrp	\scratch1, \base
	add	\scratch1, \scratch1, #:lo12:\base
	mov	\scratch2, #\size
	madd	\scratch1, \index, \scratch2, \scratch1
	add	sp, \scratch1, #\size
.endm

/*
 * The boot CPU's way from the loader to C at exception level \el: interrupts masked, the DTB
 * pointer kept, the EL checked (on the wrong one there is nothing to report to yet: it waits),
 * the stack at the top of \stack, MMU on, bss cleared (nothing lives on the stack yet), then
 * \main(dtb). If \main returns the CPU waits for interrupts forever.
 */
.macro boot_primary_entry el, stack, stack_size, main
	msr	daifset, #0xf
	mov	x19, x0
	mrs	x0, CurrentEL
	cmp	x0, #(\el << 2)
	b.ne	.Lboot_primary_park\@
	set_cpu_stack \stack, xzr, \stack_size, x0, x1
	bl	boot_mmu_enable
	zero_bss
	mov	x0, x19
	bl	\main
.Lboot_primary_park\@:
	wfi
	b	.Lboot_primary_park\@
.endm

/*
 * Zeroes [__bss_start, __bss_end) (16-byte aligned, the linker script's); clobbers x0 to x3. Run
 * with the MMU on (cached, fast): 16 bytes a store up to a DC ZVA block boundary, then a block
 * per DC ZVA (DCZID_EL0: its size, or prohibited; Arm ARM D7.4.10), then 16 bytes a store.
 */
.macro zero_bss
	adrp	x0, __bss_start
	add	x0, x0, #:lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, #:lo12:__bss_end
	mrs	x2, dczid_el0
	tbnz	x2, #4, .Lzero_bss_tail\@
	and	x2, x2, #0xf
	mov	x3, #4
	lsl	x2, x3, x2		/* the block size */
	sub	x3, x2, #1
.Lzero_bss_head\@:
	tst	x0, x3
	b.eq	.Lzero_bss_blocks\@
	cmp	x0, x1
	b.hs	.Lzero_bss_done\@
	stp	xzr, xzr, [x0], #16
	b	.Lzero_bss_head\@
.Lzero_bss_blocks\@:			/* four blocks a turn while four fit, then one */
	sub	x3, x1, x0
	cmp	x3, x2, lsl #2
	b.lo	.Lzero_bss_block\@
	.rept	4
	dc	zva, x0
	add	x0, x0, x2
	.endr
	b	.Lzero_bss_blocks\@
.Lzero_bss_block\@:
	cmp	x3, x2
	b.lo	.Lzero_bss_tail\@
	dc	zva, x0
	add	x0, x0, x2
	b	.Lzero_bss_blocks\@
.Lzero_bss_tail\@:
	cmp	x0, x1
	b.hs	.Lzero_bss_done\@
	stp	xzr, xzr, [x0], #16
	b	.Lzero_bss_tail\@
.Lzero_bss_done\@:
.endm
#endif

#endif
