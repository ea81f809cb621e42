/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Table exhaustion (issue 14 items 2..4): vCPUs, endpoints, channels and stage-2 mappings, each
 * made until Mortise refuses. Only the capabilities are deleted again: the objects stay, so the
 * tables stay as full as this partition could make them while the heartbeat partition checks
 * that it can still make its own. A refusal must say NO_MEMORY (or DENIED, a quota's refusal).
 */
#include "hostile.h"

#include "console.h"

#define CREATE_LIMIT 4096u
/* The attack: a 4 KiB page at every 2 MiB above 4 GiB, each needing a table of its own. */
#define EXHAUST_MAP_FIRST ((4ULL << 30) + (1ULL << 20))
#define EXHAUST_MAP_STEP (2ULL << 20)
#define EXHAUST_MAP_LIMIT (1u << 18)
#define EXHAUST_PAGE_OFFSET (MAP_PAGES_OFFSET + 4 * PAGE_SIZE)


struct exhaustion {
	unsigned made;
	enum cap_status refusal; /* CAP_OK: never refused */
};

static void check_refusal(const char *what, struct exhaustion result)
{
	if (result.refusal != CAP_NO_MEMORY && result.refusal != CAP_DENIED)
		mismatch("%s: refused after %u with %s, not NO_MEMORY", what, result.made,
			 cap_status_name(result.refusal));
}

static struct exhaustion create_until_refused(const char *what, uint32_t function, uint64_t a1,
					      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct exhaustion result = {0, CAP_OK};
	struct hc_registers r;

	while (result.made < CREATE_LIMIT) {
		enum cap_status status = call(&r, function, a1, a2, a3, a4, a5);
		if (status != CAP_OK) {
			result.refusal = status;
			break;
		}
		cap_selector made = (cap_selector)r.x[1];
		selector_claim(made, OWNER_MAIN);
		selector_release(made, OWNER_MAIN);
		if ((status = delete_fully(made)) != CAP_OK)
			mismatch("%s: deleting the capability to it: %s", what,
				 cap_status_name(status));
		result.made++;
	}
	check_refusal(what, result);
	return result;
}

static struct exhaustion map_until_refused(void)
{
	cap_selector page = derive_held(CAP_RIGHT_READ, EXHAUST_PAGE_OFFSET, PAGE_SIZE);
	struct exhaustion result = {0, CAP_OK};
	struct hc_registers r;

	while (result.made < EXHAUST_MAP_LIMIT) {
		uint64_t ipa = EXHAUST_MAP_FIRST + result.made * EXHAUST_MAP_STEP;
		enum cap_status status = call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP),
					      SEL_SELF, page, ipa, HC_MAP_NORMAL, 0);
		if (status != CAP_OK) {
			result.refusal = status;
			break;
		}
		result.made++;
	}
	/* Past the IPA space is INVALID_ARGUMENT by right: only a refusal before it is judged. */
	if (EXHAUST_MAP_FIRST + result.made * EXHAUST_MAP_STEP < (1ULL << 39))
		check_refusal("stage-2 mappings", result);
	return result;
}

/* Issue 14 item 4: CPUs are given, not taken; the heartbeat's is not this partition's. */
static void check_foreign_cpu_refused(void)
{
	struct hc_registers r;
	enum cap_status status = call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
				      SEL_SELF, HEARTBEAT_CPU, (uintptr_t)hostile_idle_entry, 0,
				      SEL_SCHED_CONTEXT);

	if (status == CAP_OK) {
		mismatch("a vCPU placed on CPU %u, the heartbeat's, which this partition was never "
			 "given",
			 HEARTBEAT_CPU);
		if (delete_fully((cap_selector)r.x[1]) != CAP_OK)
			mismatch("deleting the vCPU on CPU %u", HEARTBEAT_CPU);
	}
}

void exhaust_tables(void)
{
	check_foreign_cpu_refused();
	struct exhaustion vcpus =
		create_until_refused("vCPUs", HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
				     SEL_SELF, HOSTILE_FIRST_CPU, (uintptr_t)hostile_idle_entry, 0,
				     SEL_SCHED_CONTEXT);
	struct exhaustion endpoints = create_until_refused(
		"endpoints", HC_ID(HC_GROUP_PARTITION, HC_PARTITION_ENDPOINT_CREATE), SEL_SELF, 0, 0,
		0, 0);
	struct exhaustion channels = create_until_refused(
		"channels", HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CHANNEL_CREATE), shared.vcpu,
		shared.vcpu, DOORBELL_FIRST, DOORBELL_SECOND, 0);
	struct exhaustion maps = map_until_refused();

	console_printf("hostile: tables exhausted: %u vCPUs (%s), %u endpoints (%s), %u channels "
		       "(%s), %u maps (%s)\n",
		       vcpus.made, cap_status_name(vcpus.refusal), endpoints.made,
		       cap_status_name(endpoints.refusal), channels.made,
		       cap_status_name(channels.refusal), maps.made,
		       cap_status_name(maps.refusal));
}
