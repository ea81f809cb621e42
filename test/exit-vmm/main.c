/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exit-test VMM component. It finds its capabilities by type, whoever gave them (the kernel's
 * boot modules or the root component from a policy): the console, its exit endpoint and one vCPU
 * (control) per guest. It emulates a PL011 at the platform's UART address for its guests, printing
 * their lines with their name. A load or store to any other device address (below RAM) is a bus
 * error: Mortise injects a data abort into the guest, which goes on. Any other exit means a guest
 * touched memory outside its partition, and that guest is stopped.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "boot.h"
#include "caps.h"
#include "console.h"
#include "exception.h"
#include "hvc.h"
#include "pl011.h"
#include "psci.h"

#define MAX_GUESTS 4
#define UART_BASE CONFIG_PLATFORM_EARLY_UART
#define UART_SIZE 0x1000
#define LINE_LENGTH 120

struct guest {
	uint64_t vcpu_id;
	cap_selector vcpu;
	bool running;
	char line[LINE_LENGTH];
	unsigned line_length;
};

static struct guest guests[MAX_GUESTS];
static unsigned guest_count, guests_running;
static cap_selector console_selector, endpoint_selector;

_Noreturn void abort(void)
{
	console_printf("exit vmm: abort\n");
	exception_park_cpu();
}

static enum cap_status call(struct hc_registers *r, uint32_t function, uint64_t a1, uint64_t a2,
			    uint64_t a3)
{
	*r = (struct hc_registers){.x = {function, a1, a2, a3}};
	return hvc_call(r);
}

/* False when a capability it cannot work without is missing. */
static bool find_capabilities(void)
{
	struct hc_registers r;
	bool console = false, endpoint = false;

	for (cap_selector selector = 0; selector < CONFIG_CAPS_SLOTS_PER_SPACE; selector++) {
		if (call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), selector, 0, 0) != CAP_OK)
			continue;
		if (r.x[1] == CAP_TYPE_CONSOLE && !console) {
			console_selector = selector;
			console = true;
		} else if (r.x[1] == CAP_TYPE_ENDPOINT && !endpoint) {
			endpoint_selector = selector;
			endpoint = true;
		} else if (r.x[1] == CAP_TYPE_VCPU && guest_count < MAX_GUESTS) {
			guests[guest_count++] = (struct guest){.vcpu_id = r.x[3], .vcpu = selector,
							       .running = true};
		}
	}
	guests_running = guest_count;
	return console && endpoint;
}

static struct guest *guest_of(uint64_t vcpu_id)
{
	for (unsigned i = 0; i < guest_count; i++) {
		if (guests[i].vcpu_id == vcpu_id)
			return &guests[i];
	}
	return NULL;
}

static void uart_write(struct guest *guest, uint64_t offset, uint64_t value)
{
	if (offset != PL011_DR)
		return;
	char c = (char)value;
	if (c != '\n' && guest->line_length < LINE_LENGTH)
		guest->line[guest->line_length++] = c;
	if (c == '\n' || guest->line_length == LINE_LENGTH) {
		console_printf("exit vmm: guest%u says: %.*s\n", (unsigned)(guest - guests) + 1,
			       (int)guest->line_length, guest->line);
		guest->line_length = 0;
	}
}

static void stop(struct guest *guest, uint64_t ipa, uint64_t esr, uint64_t elr)
{
	struct hc_registers r;

	console_printf("exit vmm: guest%u touched IPA 0x%llx outside its partition (ESR 0x%llx, "
		       "ELR 0x%llx): stopping it\n",
		       (unsigned)(guest - guests) + 1, (unsigned long long)ipa,
		       (unsigned long long)esr, (unsigned long long)elr);
	call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_STOP), guest->vcpu, 0, 0);
	guest->running = false;
	guests_running--;
}

/* Device space with nothing emulated: the guest takes an abort, or is stopped if that fails. */
static void bus_error(struct guest *guest, uint64_t ipa, uint64_t esr, uint64_t elr)
{
	struct hc_registers r;
	enum cap_status status =
		call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_RESUME), guest->vcpu, HC_VCPU_RESUME_ABORT, 0);

	if (status == CAP_OK) {
		console_printf("exit vmm: guest%u: bus error at IPA 0x%llx\n",
			       (unsigned)(guest - guests) + 1, (unsigned long long)ipa);
		return;
	}
	console_printf("exit vmm: guest%u: injecting a bus error refused: status %d\n",
		       (unsigned)(guest - guests) + 1, (int)status);
	stop(guest, ipa, esr, elr);
}

void image_main(const void *dtb)
{
	struct hc_registers r;

	(void)dtb;
	exception_install();
	bool complete = find_capabilities();
	console_attach(hvc_console_write, &console_selector);
	if (!complete)
		guests_running = 0;
	console_printf("exit vmm: serving %u guests%s\n", guest_count,
		       complete ? "" : " (no console or no exit endpoint: nothing to do)");
	while (guests_running > 0) {
		if (call(&r, HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT), endpoint_selector, 0, 0) !=
		    CAP_OK) {
			console_printf("exit vmm: waiting for exits failed\n");
			break;
		}
		struct guest *guest = guest_of(r.x[1]);
		uint64_t esr = r.x[2], ipa = r.x[3], value = r.x[4], elr = r.x[5];
		if (guest == NULL)
			continue;
		bool access = esr_class(esr) == ESR_EC_DABT_LOWER;
		bool emulated = ipa >= UART_BASE && ipa < UART_BASE + UART_SIZE && access &&
				ESR_DABT_VALID(esr);
		if (!emulated && access && ipa < CONFIG_PLATFORM_RAM_BASE) {
			bus_error(guest, ipa, esr, elr);
			continue;
		}
		if (!emulated) {
			stop(guest, ipa, esr, elr);
			continue;
		}
		/* Reads of any register give 0: TX FIFO empty, UART idle. */
		if (ESR_DABT_IS_WRITE(esr))
			uart_write(guest, ipa - UART_BASE, value);
		call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_RESUME), guest->vcpu, HC_VCPU_RESUME_NEXT, 0);
	}
	console_printf("exit vmm: no guest left; powering off\n");
	psci_init(PSCI_CONDUIT_HVC);
	psci_system_off();
	exception_park_cpu();
}
