/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where the serve guest's servers start: at EL1 with the MMU off and interrupts masked, x0 = the
 * server's CPU. The MMU goes on first (boot_mmu_enable touches no memory), so that the stack and
 * everything shared are read through the caches, coherent with the CPU that wrote them.
 */
#include "serve.h"

	.text
	.balign 4
	.global server_entry
	.type server_entry, %function
server_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	boot_mmu_enable
	set_cpu_stack server_stacks, x19, SERVER_STACK_SIZE, x0, x1
	mov	x29, #0
	mov	x0, x19
	bl	server_main
1:	wfi
	b	1b
	.size server_entry, . - server_entry

	.bss
	.balign 16
server_stacks:
	.space	SERVER_STACK_SIZE * SERVE_CPUS
