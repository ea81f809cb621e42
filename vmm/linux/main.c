/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Linux VMM component: a deprivileged partition that boots the unmodified Linux guests the
 * policy makes it the VMM of, then serves their exits, each on the CPU where it happened with
 * the vCPU it has there (contexts.c), resuming the guest and waiting for the next in one call:
 * loads and stores to the GIC distributor and redistributors (emulated with vgic-mmio) and PSCI
 * calls (firmware.c). A load or store to any
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

/* What handling an exit leaves for the next wait: the vCPU to resume with it, and how. */
struct reply {
	struct guest *guest; /* NULL: nothing to resume (the vCPU stays stopped) */
	unsigned index;
	uint64_t action, value;
};

/* An exit not served: said with what it was, and its guest stopped; its lock held. */
static void refuse(struct guest *guest, unsigned index, const struct hc_registers *exit)
{
	uint64_t esr = exit->x[2];

	console_printf("linux-vmm: %s: vCPU %u: %s at IPA 0x%llx (ESR 0x%llx, ELR 0x%llx)\n",
		       guest->name, index, exception_class_name(esr_class(esr)),
		       (unsigned long long)exit->x[3], (unsigned long long)esr,
		       (unsigned long long)exit->x[5]);
	guest_stop(guest, "an access I cannot emulate");
}

/* Decides the answer to one exit into reply, its guest's lock held. */
static void handle_locked(struct guest *guest, unsigned index, const struct hc_registers *exit,
			  struct reply *reply)
{
	uint64_t esr = exit->x[2], value = exit->x[4];

	*reply = (struct reply){guest, index, HC_VCPU_RESUME_NEXT, 0};
	switch (esr_class(esr)) {
	case ESR_EC_HVC64:
	case ESR_EC_SMC64: {
		const uint64_t arguments[4] = {exit->x[3], exit->x[4], exit->x[6], exit->x[7]};
		if (!firmware_call(guest, index, arguments, &reply->value))
			reply->guest = NULL;
		return;
	}
	case ESR_EC_DABT_LOWER:
		if (emulate_gic(guest, index, esr, exit->x[3], &value) ||
		    ring_doorbell(guest, esr, exit->x[3], &value) ||
		    pci_host_access(guest, esr, exit->x[3], &value))
			reply->value = value;
		else
			reply->action = HC_VCPU_RESUME_ABORT;
		return;
	default:
		reply->guest = NULL;
		refuse(guest, index, exit);
	}
}

static void handle_exit(const struct hc_registers *exit, struct reply *reply)
{
	struct guest *guest;
	unsigned index;

	reply->guest = NULL;
	if (!find_vcpu(exit->x[1], &guest, &index))
		return;
	spin_lock(&guest->lock);
	if (guest->running)
		handle_locked(guest, index, exit, reply);
	spin_unlock(&guest->lock);
}

/*
 * The next exit into r, resuming reply's vCPU in the same call when there is one: on that vCPU's
 * CPU, Mortise switches straight back to it. A resume Mortise refuses is said, and an abort it
 * refuses stops the guest; then the wait goes on alone. False when waiting failed.
 */
static bool next_exit(struct hc_registers *r, const struct reply *reply)
{
	struct guest *guest = reply->guest;

	if (guest != NULL) {
		enum cap_status status =
			hvc_call_with(r, HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_REPLY_WAIT),
				      config.endpoint, guest->vcpus[reply->index], reply->action,
				      reply->value, 0);
		if (status == CAP_OK)
			return true;
		console_printf("linux-vmm: %s: resuming vCPU %u: %s\n", guest->name, reply->index,
			       cap_status_name(status));
		if (reply->action == HC_VCPU_RESUME_ABORT) {
			spin_lock(&guest->lock);
			if (guest->running)
				guest_stop(guest, "an access I cannot emulate");
			spin_unlock(&guest->lock);
		}
	}
	return hvc_call_with(r, HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT), config.endpoint, 0, 0, 0,
			     0) == CAP_OK;
}

static unsigned guests_running(void)
{
	unsigned running = 0;

	for (unsigned g = 0; g < config.guest_count; g++)
		running += __atomic_load_n(&config.guests[g].running, __ATOMIC_ACQUIRE);
	return running;
}

/* No guest is left: this VMM's work is done, and turning a CPU off ends its partition. */
static _Noreturn void finish(void)
{
	console_printf("linux-vmm: no guest left to serve; turning my CPU off\n");
	psci_init(PSCI_CONDUIT_HVC);
	psci_cpu_off();
	exception_park_cpu();
}

void serve_exits(void)
{
	struct reply reply = {0};
	struct hc_registers r;

	for (;;) {
		if (!next_exit(&r, &reply)) {
			console_printf("linux-vmm: waiting for exits failed\n");
			return;
		}
		handle_exit(&r, &reply);
		if (reply.guest == NULL && guests_running() == 0)
			finish();
	}
}

void image_main(const void *dtb)
{
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	if (vmm_config_read(dtb, &config)) {
		/* Waiting on their CPUs before any guest runs, to serve its first exits there. */
		contexts_start(&config);
		for (unsigned g = 0; g < config.guest_count; g++)
			guest_boot(&config, &config.guests[g]);
	}
	if (guests_running() > 0)
		serve_exits();
	finish();
}
