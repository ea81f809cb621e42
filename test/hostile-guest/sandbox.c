/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Each worker's sandbox: capabilities it derives from the boot ones and the shared objects, with
 * rights chosen so that no random call can end the test (no console write, no control over a
 * vCPU, no read on an endpoint, writes only to its own copy area). Random calls pick their
 * selectors among these; a random delete of one is repaired by deriving it again.
 */
#include "hostile.h"

#define ROOT_RETRIES 1000u

struct root_spec {
	cap_selector (*source)(void);
	cap_rights rights;
	uint64_t offset, size; /* memory only */
};

static cap_selector boot_ram(void) { return SEL_RAM; }
static cap_selector boot_console(void) { return SEL_CONSOLE; }
static cap_selector boot_irq(void) { return SEL_IRQ; }
static cap_selector boot_peer(void) { return SEL_PEER; }
static cap_selector shared_vcpu(void) { return shared.vcpu; }
static cap_selector shared_channel(void) { return shared.channel; }
static cap_selector shared_endpoint(void) { return shared.endpoint; }

static struct root_spec root_spec(const struct worker *worker, enum sandbox_root root)
{
	switch (root) {
	case ROOT_SCRATCH:
		return (struct root_spec){boot_ram, CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT,
					  SCRATCH_OFFSET + worker->index * COPY_AREA_SIZE,
					  COPY_AREA_SIZE};
	case ROOT_RAM_READ:
		return (struct root_spec){boot_ram, CAP_RIGHT_READ | CAP_RIGHT_GRANT, 0, 0};
	case ROOT_CONSOLE:
		return (struct root_spec){boot_console, CAP_RIGHT_READ | CAP_RIGHT_GRANT, 0, 0};
	case ROOT_IRQ:
		return (struct root_spec){boot_irq, CAP_RIGHT_READ, 0, 0};
	case ROOT_PEER:
		return (struct root_spec){boot_peer, CAP_RIGHT_GRANT, 0, 0};
	case ROOT_VCPU:
		return (struct root_spec){shared_vcpu, CAP_RIGHT_GRANT, 0, 0};
	case ROOT_CHANNEL:
		return (struct root_spec){shared_channel,
					  CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT, 0, 0};
	case ROOT_ENDPOINT:
	default:
		return (struct root_spec){shared_endpoint, CAP_RIGHT_GRANT, 0, 0};
	}
}

void sandbox_rederive(struct worker *worker, enum sandbox_root root)
{
	struct root_spec spec = root_spec(worker, root);
	enum cap_status status;
	cap_selector selector = CAP_NONE;

	/* Another worker may hold the last free slot for a moment, not for good. */
	for (unsigned tries = 0;
	     (status = derive(spec.source(), spec.rights, spec.offset, spec.size, &selector)) ==
		     CAP_NO_MEMORY &&
	     tries < ROOT_RETRIES;
	     tries++)
		sleep_ticks(100);
	if (status != CAP_OK) {
		mismatch("worker %u: sandbox root %d refused: %lld", worker->index, root,
			 (long long)status);
		selector = CAP_NONE;
	} else {
		selector_claim(selector, worker->index + 1);
	}
	worker->roots[root] = selector;
}

void sandbox_open(struct worker *worker)
{
	for (unsigned root = 0; root < SANDBOX_ROOTS; root++)
		sandbox_rederive(worker, (enum sandbox_root)root);
}

bool sandbox_root_of(const struct worker *worker, uint64_t selector, enum sandbox_root *root)
{
	for (unsigned i = 0; i < SANDBOX_ROOTS; i++) {
		if (worker->roots[i] != CAP_NONE && worker->roots[i] == selector) {
			*root = (enum sandbox_root)i;
			return true;
		}
	}
	return false;
}

void sandbox_close(struct worker *worker)
{
	for (unsigned root = 0; root < SANDBOX_ROOTS; root++) {
		cap_selector selector = worker->roots[root];
		if (selector == CAP_NONE)
			continue;
		selector_release(selector, worker->index + 1);
		enum cap_status status = delete_fully(selector);
		if (status != CAP_OK)
			mismatch("worker %u: deleting sandbox root %u: %lld", worker->index, selector,
				 (long long)status);
		worker->roots[root] = CAP_NONE;
	}
}
