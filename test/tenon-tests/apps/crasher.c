/* SPDX-License-Identifier: Apache-2.0 */
/* A process that faults. Started as "crasher" it stores through NULL; as "snooper" it reads
 * Tenon's own memory, which its page tables keep from EL0. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int snoop = argc > 0 && strcmp(argv[0], "snooper") == 0;
	volatile uint32_t *target = snoop ? (volatile uint32_t *)0x40200000 : NULL;

	printf("%s: about to %s\n", argv[0], snoop ? "read kernel memory" : "write through NULL");
	fflush(stdout);
	if (snoop)
		printf("%s: read %x: isolation is broken\n", argv[0], (unsigned)*target);
	else
		*target = 1;
	printf("%s: still running: the fault was not caught\n", argv[0]);
	return 0;
}
