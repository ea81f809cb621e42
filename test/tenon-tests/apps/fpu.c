/* SPDX-License-Identifier: Apache-2.0 */
/* FP/SIMD state is per process: two copies ("fpu-a", "fpu-b", different seeds) run the same
 * floating-point series twice, long enough to be preempted by each other many times, and must
 * get bit-identical results both times. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static double series(double seed)
{
	double sum = 0.0, term = seed;

	for (int i = 1; i < 400000; i++) {
		term = term * 0.999999 + 1.0 / (double)i;
		sum += term * seed;
	}
	return sum;
}

int main(int argc, char **argv)
{
	double seed = argc > 0 && strcmp(argv[0], "fpu-b") == 0 ? 2.5 : 1.25;
	volatile double first = series(seed);
	volatile double second = series(seed);
	uint64_t a, b;
	double x = first, y = second;

	memcpy(&a, &x, sizeof(a));
	memcpy(&b, &y, sizeof(b));
	printf("%s: series(%.2f) = %.6f twice: %s\n", argv[0], seed, x, a == b ? "same" : "DIFFERENT");
	return a == b ? 0 : 1;
}
