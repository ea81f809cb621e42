/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An instance of Mode 2's end-to-end test. The sched component names its template in
 * /chosen/tenonos,template, and that picks its part:
 *   - "ticker": a periodic job every TICKER_PERIOD_NS (absolute releases), TICKER_WORK_NS of
 *     work each; a job that ends after the next release is a miss. Every TICKER_REPORT periods
 *     one line: periods, misses, and the latest wake-up after a release. Beside a lower-priority
 *     instance that never sleeps, a small latest wake-up shows Mortise preempting it when this
 *     one's timer fires.
 *   - "spinner": never sleeps, never stops: it reads the counter in a loop, and a gap between
 *     two reads longer than AWAY_NS is time it was not running. Every SPINNER_REPORT_NS of
 *     elapsed time one line: the percent of it it ran, which its budget must bound.
 *   - "crasher": says so, then stores outside its memory: Mortise must end its partition alone.
 * All time is the virtual counter's, so under QEMU -icount these are virtual-time figures.
 */
#include "tenon.h"

#include <libfdt.h>
#include <string.h>

#include "boot.h"
#include "console.h"
#include "gtimer.h"

#define TICKER_PERIOD_NS 10000000ULL /* 10 ms */
#define TICKER_WORK_NS 300000ULL     /* 300 us */
#define TICKER_REPORT 50u
#define SPINNER_REPORT_NS 500000000ULL /* 0.5 s */
#define AWAY_NS 20000ULL
/* Nothing is mapped this low in an instance: its RAM starts at the platform's RAM base. */
#define UNMAPPED_IPA 0x1000ULL

static struct tenon_thread main_thread;

static void work_until(uint64_t end_ns)
{
	while (tenon_time_now_ns() < end_ns)
		;
}

static _Noreturn void ticker(void)
{
	uint64_t periods = 0, misses = 0, latest_ns = 0;
	uint64_t release = tenon_time_now_ns() + TICKER_PERIOD_NS;

	console_printf("ticker: every %llu us, %llu us of work\n",
		       (unsigned long long)(TICKER_PERIOD_NS / GTIMER_NS_PER_US),
		       (unsigned long long)(TICKER_WORK_NS / GTIMER_NS_PER_US));
	for (;;) {
		tenon_thread_sleep_until_ns(release);
		uint64_t woke = tenon_time_now_ns();
		if (woke - release > latest_ns)
			latest_ns = woke - release;
		work_until(woke + TICKER_WORK_NS);
		uint64_t deadline = release + TICKER_PERIOD_NS;
		periods++;
		if (periods % TICKER_REPORT == 0) {
			console_printf("ticker: periods %llu misses %llu latest-wake-us %llu\n",
				       (unsigned long long)periods, (unsigned long long)misses,
				       (unsigned long long)(latest_ns / GTIMER_NS_PER_US));
			latest_ns = 0;
		}
		uint64_t done = tenon_time_now_ns();
		/* Releases that passed during a late job are misses; the cadence stays absolute. */
		while (done >= deadline) {
			misses++;
			deadline += TICKER_PERIOD_NS;
		}
		release = deadline;
	}
}

static _Noreturn void spinner(void)
{
	uint64_t window_start = tenon_time_now_ns(), last = window_start, ran = 0;

	console_printf("spinner: running without end\n");
	for (;;) {
		uint64_t now = tenon_time_now_ns();
		if (now - last < AWAY_NS)
			ran += now - last;
		last = now;
		if (now - window_start >= SPINNER_REPORT_NS) {
			console_printf("spinner: ran %llu%% of the last %llu ms\n",
				       (unsigned long long)(ran * 100 / (now - window_start)),
				       (unsigned long long)((now - window_start) / 1000000));
			window_start = last = tenon_time_now_ns();
			ran = 0;
		}
	}
}

static _Noreturn void crasher(void)
{
	console_printf("crasher: storing outside my memory\n");
	*(volatile uint64_t *)UNMAPPED_IPA = 1;
	console_printf("crasher: FAIL: the store went through\n");
	tenon_power_off();
}

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, 0);

	int chosen = fdt_path_offset(dtb, "/chosen"), length = 0;
	const char *part = chosen < 0 ? NULL : fdt_getprop(dtb, chosen, "tenonos,template", &length);
	if (part != NULL && (length < 1 || part[length - 1] != '\0'))
		part = NULL;
	if (part != NULL && strcmp(part, "ticker") == 0)
		ticker();
	if (part != NULL && strcmp(part, "spinner") == 0)
		spinner();
	if (part != NULL && strcmp(part, "crasher") == 0)
		crasher();
	console_printf("sched-guest: FAIL: no part for template \"%s\"\n", part ? part : "(none)");
	tenon_power_off();
}
