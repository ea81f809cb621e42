/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Linux VMM component: a deprivileged partition that boots the unmodified Linux guests the
 * policy makes it the VMM of, then serves their exits: loads and stores to the GIC distributor and
 * redistributors (emulated with vgic-mmio) and PSCI calls (firmware.c). A load or store to any
 * other address it does not emulate is a bus error to the guest: Mortise injects a synchronous
 * external data abort, and Linux kills the process that made it (SIGBUS); if its own kernel made
 * it, that is an oops (a panic in an interrupt or with panic_on_oops, and a panic ends in
 * SYSTEM_RESET, which stops the guest). What the guest could not survive stops that guest
 * alone: an instruction fetch from an address with nothing behind it (no instruction to resume
 * at, and Mortise injects only data aborts) and any exit of a kind it does not know.
 */
#include <stdlib.h>

#include "linux_vmm.h"

#include "boot.h"
#include "console.h"
#include "exception.h"
#include "hvc.h"
#include "psci.h"

static cap_selector console_selector = 0;
static struct vmm_config config;

_Noreturn void abort(void)
{
	console_printf("linux-vmm: abort\n");
	exception_park_cpu();
}

static bool find_vcpu(uint64_t vcpu_id, struct guest **guest, unsigned *index)
{
	for (unsigned g = 0; g < config.guest_count; g++) {
		for (unsigned i = 0; i < config.guests[g].vcpu_count; i++) {
			if (config.guests[g].vcpu_ids[i] == vcpu_id) {
				*guest = &config.guests[g];
				*index = i;
				return true;
			}
		}
	}
	return false;
}

/* A load or store to the emulated GIC frames; false when it is none, or malformed. */
static bool emulate_gic(struct guest *guest, unsigned index, uint64_t esr, uint64_t ipa,
			uint64_t *value)
{
	uint64_t redistributors = (uint64_t)guest->vcpu_count * VGIC_MMIO_REDISTRIBUTOR_STRIDE;
	unsigned size = 1u << ESR_DABT_SIZE_LOG2(esr);
	bool write = ESR_DABT_IS_WRITE(esr);
	enum vgic_mmio_status status;

	/* Without a valid syndrome the access cannot be decoded (Arm ARM D17.2.37: ISV). */
	if (!ESR_DABT_VALID(esr))
		return false;
	if (ipa >= GUEST_GICD_IPA && ipa - GUEST_GICD_IPA < VGIC_MMIO_DISTRIBUTOR_SIZE)
		status = vgic_mmio_distributor_access(&guest->gic, index, ipa - GUEST_GICD_IPA, size,
						      write, value);
	else if (ipa >= GUEST_GICR_IPA && ipa - GUEST_GICR_IPA < redistributors)
		status = vgic_mmio_redistributor_access(&guest->gic, index, ipa - GUEST_GICR_IPA,
							size, write, value);
	else
		return false;
	return status == VGIC_MMIO_OK;
}

/*
 * A write to a channel's doorbell page rings its peer; a read returns 0. Anything else on the
 * page, or a ring the kernel refuses, is not emulated.
 */
static bool ring_doorbell(const struct guest *guest, uint64_t esr, uint64_t ipa, uint64_t *value)
{
	uint64_t index = (ipa - DOORBELL_PAGES_IPA) / DOORBELL_PAGE_SIZE;
	struct hc_registers r;

	if (ipa < DOORBELL_PAGES_IPA || index >= guest->channels.count || !ESR_DABT_VALID(esr) ||
	    guest->channels.channel[index].linux_pci)
		return false;
	*value = 0;
	if (!ESR_DABT_IS_WRITE(esr))
		return true;
	const struct dtb_channel *channel = &guest->channels.channel[index];
	return hvc_call_with(&r, HC_ID(HC_GROUP_CHANNEL, HC_CHANNEL_NOTIFY), channel->capability,
			     channel->peer_end, 0, 0, 0) == CAP_OK;
}

/* False when Mortise refused the resume (said on the console). */
static bool resume_with(struct guest *guest, unsigned index, uint64_t action, uint64_t value)
{
	struct hc_registers r;
	enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_RESUME),
					       guest->vcpus[index], action, value, 0, 0);

	if (status != CAP_OK)
		console_printf("linux-vmm: %s: resuming vCPU %u: %s\n", guest->name, index,
			       cap_status_name(status));
	return status == CAP_OK;
}

static void resume(struct guest *guest, unsigned index, uint64_t value)
{
	resume_with(guest, index, HC_VCPU_RESUME_NEXT, value);
}

static void handle_exit(const struct hc_registers *exit)
{
	struct guest *guest;
	unsigned index;
	uint64_t esr = exit->x[2], value = exit->x[4], elr = exit->x[5];

	if (!find_vcpu(exit->x[1], &guest, &index) || !guest->running)
		return;
	switch (esr_class(esr)) {
	case ESR_EC_HVC64:
	case ESR_EC_SMC64: {
		const uint64_t arguments[4] = {exit->x[3], exit->x[4], exit->x[6], exit->x[7]};
		uint64_t result = 0;
		if (firmware_call(guest, index, arguments, &result))
			resume(guest, index, result);
		return;
	}
	case ESR_EC_DABT_LOWER:
		if (emulate_gic(guest, index, esr, exit->x[3], &value) ||
		    ring_doorbell(guest, esr, exit->x[3], &value) ||
		    pci_host_access(guest, esr, exit->x[3], &value)) {
			resume(guest, index, value);
			return;
		}
		if (resume_with(guest, index, HC_VCPU_RESUME_ABORT, 0))
			return;
		break;
	default:
		break;
	}
	console_printf("linux-vmm: %s: vCPU %u: %s at IPA 0x%llx (ESR 0x%llx, ELR 0x%llx)\n",
		       guest->name, index, exception_class_name(esr_class(esr)),
		       (unsigned long long)exit->x[3], (unsigned long long)esr,
		       (unsigned long long)elr);
	guest_stop(guest, "an access I cannot emulate");
}

static unsigned guests_running(void)
{
	unsigned running = 0;

	for (unsigned g = 0; g < config.guest_count; g++)
		running += config.guests[g].running;
	return running;
}

void image_main(const void *dtb)
{
	struct hc_registers r;

	console_attach(hvc_console_write, &console_selector);
	exception_install();
	if (vmm_config_read(dtb, &config)) {
		for (unsigned g = 0; g < config.guest_count; g++)
			guest_boot(&config, &config.guests[g]);
	}
	while (guests_running() > 0) {
		if (hvc_call_with(&r, HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT), config.endpoint, 0, 0,
				  0, 0) != CAP_OK) {
			console_printf("linux-vmm: waiting for exits failed\n");
			break;
		}
		handle_exit(&r);
	}
	console_printf("linux-vmm: no guest left to serve; turning my CPU off\n");
	psci_init(PSCI_CONDUIT_HVC);
	psci_cpu_off();
	exception_park_cpu();
}
