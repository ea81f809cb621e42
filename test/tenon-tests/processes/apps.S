/* SPDX-License-Identifier: Apache-2.0 */
/* The musl programs (test/tenon-tests/apps/, built by test/tenon-tests/test.mk) embedded as ELF
 * files; the assembler finds them through the -Wa,-I of this image's build.mk. */
.macro embed name, file
	.section .rodata.app_\name, "a"
	.balign 16
	.global app_\name
app_\name:
	.incbin "\file"
	.global app_\name\()_end
app_\name\()_end:
.endm

	embed hello, "hello.elf"
	embed heap, "heap.elf"
	embed sleeper, "sleeper.elf"
	embed crasher, "crasher.elf"
	embed fpu, "fpu.elf"
	embed hostile, "hostile.elf"
	embed messenger, "messenger.elf"
