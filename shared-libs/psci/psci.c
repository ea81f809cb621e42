/* SPDX-License-Identifier: Apache-2.0 */
#include "array_length.h"
#include "psci.h"

static enum psci_conduit psci_conduit = PSCI_CONDUIT_NONE;

static const char *const psci_status_names[] = {
	[0] = "SUCCESS",	  [1] = "NOT_SUPPORTED",     [2] = "INVALID_PARAMETERS",
	[3] = "DENIED",		  [4] = "ALREADY_ON",	     [5] = "ON_PENDING",
	[6] = "INTERNAL_FAILURE", [7] = "NOT_PRESENT",	     [8] = "DISABLED",
	[9] = "INVALID_ADDRESS",
};

const char *psci_status_name(enum psci_status status)
{
	int index = -(int)status;

	if (index < 0 || index >= (int)(ARRAY_LENGTH(psci_status_names)))
		return "UNKNOWN";
	return psci_status_names[index];
}

void psci_init(enum psci_conduit conduit)
{
	psci_conduit = conduit;
}

static enum psci_status psci_call(uint32_t function, uint64_t arg0, uint64_t arg1, uint64_t arg2)
{
	if (psci_conduit == PSCI_CONDUIT_NONE)
		return PSCI_NOT_SUPPORTED;
	/* Status codes are 32-bit signed values returned in w0. */
	return (enum psci_status)(int32_t)psci_conduit_call(psci_conduit, function, arg0, arg1, arg2);
}

uint32_t psci_version(void)
{
	if (psci_conduit == PSCI_CONDUIT_NONE)
		return 0;
	return (uint32_t)psci_conduit_call(psci_conduit, PSCI_FN_VERSION, 0, 0, 0);
}

enum psci_status psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return psci_call(PSCI_FN_CPU_ON, mpidr, entry, context);
}

enum psci_status psci_cpu_off(void)
{
	return psci_call(PSCI_FN_CPU_OFF, 0, 0, 0);
}

enum psci_status psci_system_off(void)
{
	return psci_call(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
}

enum psci_status psci_system_reset(void)
{
	return psci_call(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
}
