/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The real-time demo: the periodic task at the most urgent priority, its control channel's server
 * when the devicetree gives it a channel, and the boot thread, lowered to the least urgent, turned
 * into the background load. Runs forever, bare or as a Mortise guest.
 */
#include "tenon.h"

#include "boot.h"
#include "console.h"
#include "rt_demo.h"

#define PERIODIC_PRIORITY 0u
#define CONTROL_PRIORITY (CONFIG_TENON_PRIORITIES - 2u)
#define BACKGROUND_PRIORITY (CONFIG_TENON_PRIORITIES - 1u)

static struct tenon_thread main_thread;
TENON_THREAD_STORAGE(periodic_thread, 8192);

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, BACKGROUND_PRIORITY);

	enum tenon_status status = tenon_thread_create(&periodic_thread, "periodic",
						       rt_demo_periodic, NULL, PERIODIC_PRIORITY,
						       periodic_thread_stack,
						       sizeof(periodic_thread_stack));
	if (status != TENON_OK) {
		console_printf("rt: cannot start the periodic task: %s\n",
			       tenon_status_name(status));
		tenon_power_off();
	}
	rt_demo_control_start(dtb, CONTROL_PRIORITY);
	rt_demo_background();
}
