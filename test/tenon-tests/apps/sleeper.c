/* SPDX-License-Identifier: Apache-2.0 */
/* nanosleep and clock_gettime from EL0: five 20 ms naps, each measured. */
#include <stdio.h>
#include <time.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(void)
{
	const struct timespec nap = {0, 20 * 1000 * 1000};
	int early = 0;
	long long start = now_us();

	for (int i = 1; i <= 5; i++) {
		long long before = now_us();
		nanosleep(&nap, NULL);
		long long slept = now_us() - before;
		if (slept < 20000)
			early++;
		printf("sleeper: nap %d took %lld us\n", i, slept);
	}
	printf("sleeper: 5 naps of 20 ms in %lld ms, %d woke early\n", (now_us() - start) / 1000,
	       early);
	/* The number of good naps: the parent sees it as the exit status. */
	return early == 0 ? 5 : 1;
}
