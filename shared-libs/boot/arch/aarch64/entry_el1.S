/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The entry of every EL1 image (Tenon, guests, components): from a loader or from Mortise at EL1
 * with the DTB address in x0, by the arm64 boot protocol. MMU on with the bootstrap map, bss
 * cleared, then image_main(dtb) on the boot stack.
 */
#include "boot.h"

	.section .text.image_header, "ax"
	arm64_image_header primary_entry

	.text
primary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	mrs	x0, CurrentEL
	cmp	x0, #(1 << 2)
	/* Wrong EL (e.g. QEMU with virtualization=on without Mortise): nothing can report it yet. */
	b.ne	park
	set_cpu_stack boot_stack, xzr, CONFIG_BOOT_EL1_STACK_SIZE, x0, x1
	bl	boot_mmu_enable
	zero_bss
	mov	x0, x19
	bl	image_main
park:
	wfi
	b	park

	.bss
	.balign 16
boot_stack:
	.space	CONFIG_BOOT_EL1_STACK_SIZE
