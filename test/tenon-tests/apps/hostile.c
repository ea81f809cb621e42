/* SPDX-License-Identifier: Apache-2.0 */
/* Raw syscalls with hostile pointers and lengths: each must fail with the right errno, touch
 * nothing outside the process, and leave it running. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define KERNEL ((uintptr_t)0x40200000) /* Tenon's image */
#define BEYOND ((uintptr_t)0xc0000000) /* past the user range */

static int failures;

static void check(const char *what, long result, int expected_errno)
{
	int ok = expected_errno == 0 ? result >= 0 : result == -1 && errno == expected_errno;

	if (!ok) {
		printf("hostile: FAIL %s: result %ld errno %d, expected errno %d\n", what, result,
		       errno, expected_errno);
		failures++;
	}
	errno = 0;
}

int main(void)
{
	static const char text[] = "x";
	struct iovec to_kernel = {(void *)KERNEL, 8};
	struct iovec huge[2] = {{(void *)text, 1}, {(void *)text, SIZE_MAX / 2 + 1}};
	char *image_text = (char *)0x80000000;
	long page = sysconf(_SC_PAGESIZE);

	check("write kernel buffer", syscall(SYS_write, 1, KERNEL, 8), EFAULT);
	check("write past user range", syscall(SYS_write, 1, BEYOND - 1, 2), EFAULT);
	check("write to a bad fd", syscall(SYS_write, 7, text, 1), EBADF);
	check("writev kernel vector", syscall(SYS_writev, 1, KERNEL, 1), EFAULT);
	check("writev kernel buffer", syscall(SYS_writev, 1, &to_kernel, 1), EFAULT);
	check("writev overflowing total", syscall(SYS_writev, 1, huge, 2), EINVAL);
	check("writev too many", syscall(SYS_writev, 1, &to_kernel, 5000), EINVAL);
	check("read into kernel", syscall(SYS_read, 0, KERNEL, 8), EFAULT);
	check("read into own text", syscall(SYS_read, 0, image_text, 8), EFAULT);
	check("clock_gettime into kernel", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, KERNEL),
	      EFAULT);
	check("clock_gettime into own text",
	      syscall(SYS_clock_gettime, CLOCK_MONOTONIC, image_text), EFAULT);
	check("clock_gettime bad clock", syscall(SYS_clock_gettime, 99, text), EINVAL);
	check("nanosleep from kernel", syscall(SYS_nanosleep, KERNEL, 0), EFAULT);
	struct timespec bad = {0, 2000000000};
	check("nanosleep bad nanoseconds", syscall(SYS_nanosleep, &bad, 0), EINVAL);
	check("rt_sigprocmask into kernel", syscall(SYS_rt_sigprocmask, 0, 0, KERNEL, 8), EFAULT);
	check("mmap fixed over the stack",
	      syscall(SYS_mmap, 0xbfff0000, page, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
	      EINVAL);
	check("mmap fixed over the kernel",
	      syscall(SYS_mmap, KERNEL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		      -1, 0),
	      EINVAL);
	check("mmap of a file", syscall(SYS_mmap, 0, page, PROT_READ, MAP_PRIVATE, 3, 0), ENOSYS);
	check("mmap of nothing", syscall(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
					 0),
	      EINVAL);
	check("munmap own text", syscall(SYS_munmap, image_text, page), EINVAL);
	check("mprotect own text", syscall(SYS_mprotect, image_text, page, PROT_READ | PROT_WRITE),
	      EINVAL);
	long brk_now = syscall(SYS_brk, 0);
	check("brk into the kernel", syscall(SYS_brk, KERNEL) == brk_now ? 0 : -1, 0);
	check("brk far beyond", syscall(SYS_brk, 0xb0000000) == brk_now ? 0 : -1, 0);
	check("an unknown syscall", syscall(4000), ENOSYS);
	check("futex on the kernel", syscall(SYS_futex, KERNEL, 0, 0, 0), EFAULT);

	/* A PROT_NONE mapping faults until mprotect opens it. */
	volatile char *reserved = mmap(0, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check("mmap PROT_NONE", reserved == MAP_FAILED ? -1 : 0, 0);
	check("write from PROT_NONE", syscall(SYS_write, 1, reserved, 1), EFAULT);
	check("mprotect open", mprotect((void *)reserved, page, PROT_READ | PROT_WRITE), 0);
	reserved[0] = 'y';
	check("write from opened page", syscall(SYS_write, 1, reserved, 0), 0);
	check("munmap", munmap((void *)reserved, page), 0);
	check("write from unmapped", syscall(SYS_write, 1, reserved, 1), EFAULT);

	printf("hostile: %d checks failed\n", failures);
	return failures == 0 ? 0 : 1;
}
