/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The heartbeat partition beside the hostile guest: every period of the virtual counter it makes
 * a hypercall (cap.info of its console capability, which goes through the capability system the
 * hostile guest hammers) and records how late the call completed after the period's start.
 * Under -icount the counter is virtual time, so the figures repeat from run to run. Once the
 * hostile guest has exhausted the tables, it checks that it can still make its own objects.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "array_length.h"
#include "boot.h"
#include "console.h"
#include "exception.h"
#include "fmt.h"
#include "gicv3.h"
#include "gtimer.h"
#include "guest.h"
#include "heartbeat.h"
#include "hvc.h"

#define PERIOD_US 1000u
#define REPORT_EVERY_PERIODS 50u
/* Well after the hostile guest's exhaustion (its tables line comes first in the log). */
#define CHECK_AT_PERIOD 300u
/* Where it makes vCPUs that never run: a CPU its sched context (if Mortise gives one) holds. */
#define SPARE_VCPU_CPU 0
#define CHECK_IPA 0x80000000ULL
#define CHECK_PAGE_OFFSET (8ULL << 20)
#define DOORBELL_FIRST 40
#define DOORBELL_SECOND 41

static cap_selector console_selector = SEL_CONSOLE;

_Noreturn void abort(void)
{
	console_printf("heartbeat: abort\n");
	exception_park_cpu();
}

static enum cap_status call(struct hc_registers *r, uint32_t function, uint64_t a1, uint64_t a2,
			    uint64_t a3, uint64_t a4)
{
	return hvc_call_with(r, function, a1, a2, a3, a4, SEL_SCHED_CONTEXT);
}

/* The call's status by name; *made is the new capability's selector, or CAP_NONE. */
static const char *make(uint32_t function, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			cap_selector *made)
{
	struct hc_registers r;
	enum cap_status status = call(&r, function, a1, a2, a3, a4);

	*made = status == CAP_OK ? (cap_selector)r.x[1] : CAP_NONE;
	return cap_status_name(status);
}

/*
 * Issue 14 items 3 and 4: what one partition fills must not be everyone's. A vCPU, an endpoint,
 * a channel and a mapping of its own, each needing a table entry or a stage-2 table.
 */
/* "unchecked" until the check, then "OK" or the first refusal, for every later report. */
static char own_objects[96] = "unchecked";

static void check_own_objects(cap_selector channel_end)
{
	cap_selector vcpu, endpoint, channel, page;
	struct hc_registers r;
	const char *vcpu_status =
		make(HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE), SEL_SELF, SPARE_VCPU_CPU,
		     CONFIG_PLATFORM_LOAD_ADDRESS, 0, &vcpu);
	const char *endpoint_status = make(HC_ID(HC_GROUP_PARTITION, HC_PARTITION_ENDPOINT_CREATE),
					   SEL_SELF, 0, 0, 0, &endpoint);
	const char *channel_status =
		make(HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CHANNEL_CREATE), channel_end,
		     channel_end, DOORBELL_FIRST, DOORBELL_SECOND, &channel);
	const char *page_status = make(HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_RAM,
				       CAP_RIGHT_READ | CAP_RIGHT_WRITE, CHECK_PAGE_OFFSET, 0x1000,
				       &page);
	const char *map_status =
		page == CAP_NONE ?
			"no page" :
			cap_status_name(call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP),
					     SEL_SELF, page, CHECK_IPA, HC_MAP_NORMAL));

	(void)vcpu;
	(void)endpoint;
	(void)channel;
	console_printf("heartbeat: beside the exhausted tables: vcpu_create %s, endpoint_create %s, "
		       "channel_create %s, derive %s, map %s\n",
		       vcpu_status, endpoint_status, channel_status, page_status, map_status);
	const char *names[] = {"vcpu_create", "endpoint_create", "channel_create", "derive", "map"};
	const char *statuses[] = {vcpu_status, endpoint_status, channel_status, page_status,
				  map_status};
	fmt_snprintf(own_objects, sizeof(own_objects), "OK");
	for (unsigned i = 0; i < ARRAY_LENGTH(names); i++) {
		if (strcmp(statuses[i], "OK") != 0) {
			fmt_snprintf(own_objects, sizeof(own_objects), "%s-%s", names[i],
				     statuses[i]);
			break;
		}
	}
}

/* Sleeps in WFI (trapped: Mortise idles the CPU to the timer's deadline) until deadline. */
static void sleep_until(uint64_t deadline)
{
	gtimer_arm_at(GTIMER_EL1_VIRTUAL, deadline);
	while (gtimer_virtual_counter() < deadline)
		__asm__ volatile("wfi" ::: "memory");
	/* The timer's line drops before its interrupt ends, or it would come straight back. */
	gtimer_disable(GTIMER_EL1_VIRTUAL);
	for (uint32_t intid; (intid = gicv3_acknowledge()) != GICV3_INTID_SPURIOUS;)
		gicv3_end_of_interrupt(intid);
}

void image_main(const void *dtb)
{
	uint64_t frequency = gtimer_frequency();
	uint64_t period = gtimer_ticks_from_ns(frequency, PERIOD_US * 1000ULL);
	uint64_t worst = 0;
	unsigned misses = 0, failed_calls = 0;

	(void)dtb;
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	if (gicv3_cpu_interface_enable() != GICV3_OK)
		console_printf("heartbeat: GIC CPU interface refused\n");
	console_printf("heartbeat: a hypercall every %u us on CPU %u\n", PERIOD_US, HEARTBEAT_CPU);
	/* Made before the hostile guest fills the vCPU table: both ends of the channel it checks. */
	cap_selector channel_end;
	const char *end_status = make(HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE), SEL_SELF,
				      SPARE_VCPU_CPU, CONFIG_PLATFORM_LOAD_ADDRESS, 0, &channel_end);
	if (channel_end == CAP_NONE)
		console_printf("heartbeat: a vCPU for the channel ends: %s\n", end_status);
	uint64_t deadline = gtimer_virtual_counter();
	for (unsigned periods = 1;; periods++) {
		struct hc_registers r;
		deadline += period;
		sleep_until(deadline);
		if (call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SEL_CONSOLE, 0, 0, 0) != CAP_OK ||
		    r.x[1] != CAP_TYPE_CONSOLE)
			failed_calls++;
		uint64_t late = gtimer_virtual_counter() - deadline;
		if (late > worst)
			worst = late;
		if (late >= period)
			misses++;
		if (periods == CHECK_AT_PERIOD)
			check_own_objects(channel_end);
		if (periods % REPORT_EVERY_PERIODS == 0)
			console_printf("heartbeat: periods %u worst-late-us %llu misses %u "
				       "failed-calls %u own-objects %s\n",
				       periods,
				       (unsigned long long)(gtimer_ns_from_ticks(frequency, worst) /
							    1000),
				       misses, failed_calls, own_objects);
	}
}
