/* SPDX-License-Identifier: Apache-2.0 */
#ifndef PSCI_HOST_CONDUIT_FAKE_H
#define PSCI_HOST_CONDUIT_FAKE_H

#include <stdint.h>

#include "psci.h"

struct psci_fake_call {
	enum psci_conduit conduit;
	uint32_t function;
	uint64_t args[3];
};

extern struct psci_fake_call psci_fake_last_call;
extern uint64_t psci_fake_result;
extern unsigned psci_fake_calls;

#endif
