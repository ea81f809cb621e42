/* start: code 6, comment 4, blank 1 (cloc counts # lines in assembly as comments) */
#define PARK_FOREVER 1

	.section .text.start, "ax"
	.global _start
_start:	// entry
	bl	main
	/* park
	 * forever */
1:	wfe
	b	1b
