/* SPDX-License-Identifier: Apache-2.0 */
/* Host stand-in for the firmware: records the last call and answers what the test preset. */
#include "psci.h"
#include "conduit_fake.h"

struct psci_fake_call psci_fake_last_call;
uint64_t psci_fake_result;
unsigned psci_fake_calls;

uint64_t psci_conduit_call(enum psci_conduit conduit, uint32_t function, uint64_t arg0,
			   uint64_t arg1, uint64_t arg2)
{
	psci_fake_last_call = (struct psci_fake_call){conduit, function, {arg0, arg1, arg2}};
	psci_fake_calls++;
	return psci_fake_result;
}
