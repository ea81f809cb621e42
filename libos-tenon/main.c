/* SPDX-License-Identifier: Apache-2.0 */
/* The Tenon demo: boot, then the main thread sleeps a few ticks and reports how long it took. */
#include "tenon.h"

#include "boot.h"
#include "console.h"
#include "gtimer.h"

static struct tenon_thread main_thread;

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, CONFIG_TENON_PRIORITIES / 2);

	uint64_t start = gtimer_virtual_counter();
	tenon_thread_sleep_ticks(CONFIG_TENON_BOOT_TICKS);
	uint64_t elapsed = gtimer_virtual_counter() - start;
	console_printf("Tenon: main thread: %u timer ticks at %u Hz in %llu us\n",
		       CONFIG_TENON_BOOT_TICKS, CONFIG_TENON_TICK_HZ,
		       (unsigned long long)(gtimer_ns_from_ticks(gtimer_frequency(), elapsed) / 1000));
	console_printf("Tenon: powering off\n");
	tenon_power_off();
}
