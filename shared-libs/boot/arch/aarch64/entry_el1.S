/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The entry of every EL1 image (Tenon, guests, components): from a loader or from Mortise at EL1
 * with the DTB address in x0, by the arm64 boot protocol; then image_main(dtb).
 */
#include "boot.h"

	.section .text.image_header, "ax"
	arm64_image_header primary_entry

	.text
primary_entry:
	boot_primary_entry 1, boot_stack, CONFIG_BOOT_EL1_STACK_SIZE, image_main

	.bss
	.balign 16
boot_stack:
	.space	CONFIG_BOOT_EL1_STACK_SIZE
