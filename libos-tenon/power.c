/* SPDX-License-Identifier: Apache-2.0 */
#include "tenon.h"

#include <stdlib.h>

#include "console.h"
#include "exception.h"
#include "psci.h"

_Noreturn void tenon_power_off(void)
{
	enum psci_status status = psci_system_off();

	console_printf("Tenon: PSCI SYSTEM_OFF failed (%s); halting\n", psci_status_name(status));
	exception_park_cpu();
}

/* libc-min's contract: the image decides what a failed C runtime check does. */
_Noreturn void abort(void)
{
	console_printf("Tenon: abort (stack smashing detected or C runtime failure)\n");
	exception_park_cpu();
}
