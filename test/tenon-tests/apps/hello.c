/* SPDX-License-Identifier: Apache-2.0 */
/* An EL0 process on musl: printf (through writev), getpid, and the kernel's refusal of pointers
 * that are not the process's own. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int refused(const void *buffer, size_t length)
{
	errno = 0;
	return write(1, buffer, length) == -1 && errno == EFAULT;
}

int main(void)
{
	printf("hello: pid %d says hello from EL0 through musl printf\n", (int)getpid());
	/* Tenon's own image, an address past the user range, and a range running off its end. */
	int ok = refused((const void *)0x40200000, 16) && refused((const void *)0xffff000000001000, 8) &&
		 refused((const void *)0xbffff000, 0x2000);
	printf("hello: kernel and unmapped buffers refused: %s\n", ok ? "yes" : "NO");
	return ok ? 0 : 1;
}
