/* SPDX-License-Identifier: Apache-2.0 */
/* Layout of every bootable image: the Image header first, then code, read-only data, data, bss. */
ENTRY(__image_start)

SECTIONS
{
	. = CONFIG_PLATFORM_LOAD_ADDRESS;
	__image_start = .;
	.text : {
		KEEP(*(.text.image_header))
		*(.text .text.*)
	}
	/*
	 * The exception vectors (VBAR_ELx: 2 KiB aligned, Arm ARM D1.10.2) right after the code and
	 * before the read-only data: among the code, their alignment left up to 2 KiB of fill that
	 * moved with every change to the files linked before them. Nothing needs .rodata on a page
	 * of its own (boot_map.c maps the image with 1 GiB blocks).
	 */
	.text.vectors : { *(.vectors) }
	.rodata : { *(.rodata .rodata.*) }
	. = ALIGN(4096);
	.data : { *(.data .data.*) }
	. = ALIGN(16);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	. = ALIGN(4096);
	/* image_size in the Image header covers bss, so the loader keeps it free (booting.rst). */
	__image_end = .;
	__image_size = __image_end - __image_start;
	/DISCARD/ : { *(.comment) *(.note .note.*) *(.eh_frame .eh_frame_hdr) }
}
