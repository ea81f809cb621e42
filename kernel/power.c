/* SPDX-License-Identifier: Apache-2.0 */
#include "kernel.h"

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
	console_printf("Mortise: boot error: %s: %s", what, dtb_status_name(diagnostic->status));
	if (diagnostic->node != NULL)
		console_printf(" at %s", diagnostic->node);
	if (diagnostic->property != NULL)
		console_printf(" (property %s)", diagnostic->property);
	if (diagnostic->expected != NULL)
		console_printf(": expected %s", diagnostic->expected);
	console_printf("\n");
	kernel_power_off();
}

/* libc-min's contract: the image decides what a failed C runtime check does. */
_Noreturn void abort(void)
{
	console_printf("Mortise: abort (stack smashing detected or C runtime failure)\n");
	exception_park_cpu();
}
