/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Faults the integration tests ask for through bootargs, to show that a fault is reported in full
 * and stops only the CPU that took it.
 */
#include "selftest.h"

#include <string.h>

#include "console.h"

#define SELFTEST_OPTION "mortise.selftest="
/* Outside the 4 GiB the bootstrap map covers (T0SZ = 32): a level 0 translation fault. */
#define UNMAPPED_ADDRESS 0x100000000ULL

/* True when the space-separated bootargs hold exactly "mortise.selftest=<test>". */
static bool selftest_requested(const char *bootargs, const char *test)
{
	size_t option_length = strlen(SELFTEST_OPTION);
	size_t test_length = strlen(test);

	for (const char *word = bootargs; *word != '\0';) {
		const char *end = strchr(word, ' ');
		size_t length = end != NULL ? (size_t)(end - word) : strlen(word);
		if (length == option_length + test_length &&
		    strncmp(word, SELFTEST_OPTION, option_length) == 0 &&
		    strncmp(word + option_length, test, test_length) == 0)
			return true;
		word += length;
		while (*word == ' ')
			word++;
	}
	return false;
}

void selftest_on_secondary(const struct cpu *cpu)
{
	if (cpu->index != 1 ||
	    !selftest_requested(machine.platform.bootargs, "fault-secondary"))
		return;
	console_printf("Mortise: self-test: CPU %u reads unmapped address 0x%llx\n", cpu->index,
		       UNMAPPED_ADDRESS);
	(void)*(volatile uint64_t *)UNMAPPED_ADDRESS;
}
