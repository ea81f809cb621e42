/* SPDX-License-Identifier: Apache-2.0 */
#include "suite.h"

#include <stdarg.h>

#include "bench.h"
#include "bench_port.h"
#include "console.h"
#include "fmt.h"

void suite_busy(uint32_t iterations)
{
	volatile uint32_t sink = 0;

	for (uint32_t i = 0; i < iterations; i++)
		sink = sink + i;
}

void suite_report(uint64_t *samples, unsigned runs, const char *format, ...)
{
	char name[64];
	va_list args;

	va_start(args, format);
	fmt_vsnprintf(name, sizeof(name), format, args);
	va_end(args);
	bench_report(name, samples, runs);
}

void bench_suite_run(void)
{
	console_printf("suite: %s; cycles from PMCCNTR_EL0\n", bench_port_describe());
	latency_measure_run();
	thread_metric_run();
	paper_rows_run();
	console_printf("suite: done\n");
}
