/* SPDX-License-Identifier: Apache-2.0 */
#include "power.h"

#include <stdlib.h>

#include "console.h"
#include "exception.h"
#include "psci.h"

_Noreturn void kernel_power_off(void)
{
	enum psci_status status = psci_system_off();

	console_printf("Mortise: PSCI SYSTEM_OFF failed (%s); halting this CPU\n",
		       psci_status_name(status));
	exception_park_cpu();
}

_Noreturn void kernel_boot_error(const char *what, const struct dtb_diagnostic *diagnostic)
{
	console_printf("Mortise: boot error: %s: %s at %s %s: expected %s\n", what,
		       dtb_status_name(diagnostic->status), diagnostic->node, diagnostic->property,
		       diagnostic->expected);
	kernel_power_off();
}

/* libc-min's contract: the image decides what a failed C runtime check does. */
_Noreturn void abort(void)
{
	console_printf("Mortise: abort (stack smashing detected or C runtime failure)\n");
	exception_park_cpu();
}
