/* SPDX-License-Identifier: Apache-2.0 */
#include "exception.h"

#include "cpu.h"

_Noreturn void exception_park_cpu(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		cpu_wait_for_interrupt();
}
