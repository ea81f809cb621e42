/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI 1.0 (Arm DEN0022) as a guest's firmware, for the calls the kernel hands to this VMM: CPU_ON
 * starts one of its vCPUs where Linux asks, CPU_OFF leaves it stopped until the next CPU_ON,
 * SYSTEM_OFF and SYSTEM_RESET end the guest (and nothing else: other partitions go on).
 */
#include "linux_vmm.h"

#include "console.h"
#include "psci.h"

#define PSCI_FN_FEATURES 0x8400000au
#define PSCI_FN_AFFINITY_INFO 0xc4000004u
#define PSCI_FN_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_FN_CPU_ON_32 0x84000003u
#define PSCI_FN_AFFINITY_INFO_32 0x84000004u

#define PSCI_SUCCESS_CODE 0
#define PSCI_NOT_SUPPORTED_CODE ((uint64_t)-1)
#define PSCI_INVALID_PARAMETERS ((uint64_t)-2)
#define PSCI_ALREADY_ON ((uint64_t)-4)
#define PSCI_INTERNAL_FAILURE ((uint64_t)-6)
#define AFFINITY_ON 0
#define AFFINITY_OFF 1
/* MIGRATE_INFO_TYPE: no Trusted OS that would need migrating. */
#define MIGRATE_NOT_REQUIRED 2
/* MPIDR affinity fields beyond Aff0 name CPUs a guest does not have. */
#define MPIDR_ABOVE_AFF0 0xff00ffff00ULL

/* The vCPU index a target MPIDR names, or vcpu_count when none. */
static unsigned vcpu_of(const struct guest *guest, uint64_t mpidr)
{
	if ((mpidr & MPIDR_ABOVE_AFF0) != 0 || (mpidr & 0xff) >= guest->vcpu_count)
		return guest->vcpu_count;
	return (unsigned)(mpidr & 0xff);
}

static uint64_t cpu_on(struct guest *guest, uint64_t mpidr, uint64_t entry, uint64_t context)
{
	struct hc_registers r;
	unsigned target = vcpu_of(guest, mpidr);

	if (target == guest->vcpu_count)
		return PSCI_INVALID_PARAMETERS;
	if (guest->vcpu_on[target])
		return PSCI_ALREADY_ON;
	enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START_AT),
					       guest->vcpus[target], entry, context, 0, 0);
	if (status != CAP_OK) {
		console_printf("linux-vmm: %s: CPU_ON of vCPU %u: %s\n", guest->name, target,
			       cap_status_name(status));
		return PSCI_INTERNAL_FAILURE;
	}
	guest->vcpu_on[target] = true;
	return PSCI_SUCCESS_CODE;
}

static uint64_t features(uint64_t function)
{
	switch (function) {
	case PSCI_FN_VERSION:
	case PSCI_FN_CPU_ON:
	case PSCI_FN_CPU_ON_32:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN_AFFINITY_INFO_32:
	case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
		return PSCI_SUCCESS_CODE;
	default:
		return PSCI_NOT_SUPPORTED_CODE;
	}
}

bool firmware_call(struct guest *guest, unsigned index, const uint64_t arguments[4],
		   uint64_t *result)
{
	uint64_t function = arguments[0] & 0xffffffffu;
	unsigned target;

	switch (function) {
	case PSCI_FN_VERSION:
		*result = PSCI_VERSION_1_0;
		return true;
	case PSCI_FN_FEATURES:
		*result = features(arguments[1] & 0xffffffffu);
		return true;
	case PSCI_FN_MIGRATE_INFO_TYPE:
		*result = MIGRATE_NOT_REQUIRED;
		return true;
	case PSCI_FN_CPU_ON:
	case PSCI_FN_CPU_ON_32:
		*result = cpu_on(guest, arguments[1], arguments[2], arguments[3]);
		return true;
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN_AFFINITY_INFO_32:
		target = vcpu_of(guest, arguments[1]);
		*result = target == guest->vcpu_count ? PSCI_INVALID_PARAMETERS :
			  guest->vcpu_on[target]      ? AFFINITY_ON :
							AFFINITY_OFF;
		return true;
	case PSCI_FN_CPU_OFF:
		/* It stays exited, unanswered, until a CPU_ON starts it afresh. */
		guest->vcpu_on[index] = false;
		return false;
	case PSCI_FN_SYSTEM_OFF:
		guest_stop(guest, "it powered off (PSCI SYSTEM_OFF)");
		return false;
	case PSCI_FN_SYSTEM_RESET:
		guest_stop(guest, "it asked for a reset (PSCI SYSTEM_RESET), which needs a reload");
		return false;
	default:
		*result = PSCI_NOT_SUPPORTED_CODE;
		return true;
	}
}
