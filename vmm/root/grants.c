/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The policy's capability grants, delegated from what the root holds over each partition it
 * built, and the VMM links: a partition whose policy names a VMM has its vCPUs' exits go to an
 * endpoint the VMM component can wait on. A grant from a component other than the root is made
 * from the root's capability too (the root holds everything; the policy compiler checked the
 * grantor held what it passes on), so revoking the grantor's copy does not reach it.
 */
#include "root.h"

#include "console.h"

bool delegate(cap_selector what, cap_selector to_partition, cap_rights rights, const char *holder,
	      const char *kind, cap_selector *given)
{
	struct hc_registers r;
	enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE), what,
					       to_partition, rights, 0, 0);

	if (status != CAP_OK)
		console_printf("root: partition %s: %s capability: %s\n", holder, kind,
			       cap_status_name(status));
	else if (given != NULL)
		*given = (cap_selector)r.x[1];
	return status == CAP_OK;
}

struct channel_view *add_channel_view(struct built_partition *holder, const char *name,
				      uint32_t channel)
{
	for (unsigned i = 0; i < holder->channel_count; i++) {
		if (holder->channels[i].channel == channel)
			return &holder->channels[i];
	}
	if (holder->channel_count == ROOT_MAX_CHANNELS_PER_PARTITION) {
		console_printf("root: partition %s: more than %u channels\n", name,
			       ROOT_MAX_CHANNELS_PER_PARTITION);
		return NULL;
	}
	struct channel_view *view = &holder->channels[holder->channel_count++];
	*view = (struct channel_view){.channel = channel};
	return view;
}

#define CHANNEL_MEMORY_RIGHTS (CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT)

/*
 * A channel for a partition that is not necessarily one of its ends (a component that watches
 * or passes it on): its memory, to map where it likes, and its doorbell, with the rights granted.
 */
static unsigned grant_channel(const struct policy_grant *grant, struct built_partition *holder,
			      const char *name, const struct built_channel *channels)
{
	const struct built_channel *channel =
		grant->object < ROOT_MAX_CHANNELS ? &channels[grant->object] : NULL;

	if (channel == NULL || !channel->built)
		return 1; /* reported when it was built */
	struct channel_view *view = add_channel_view(holder, name, grant->object);
	if (view == NULL)
		return 1;
	if ((grant->rights & CHANNEL_MEMORY_RIGHTS) != 0) {
		view->has_memory_capability =
			delegate(channel->memory, holder->partition,
				 grant->rights & CHANNEL_MEMORY_RIGHTS, name, "channel memory",
				 &view->memory_capability);
		if (!view->has_memory_capability)
			return 1;
	}
	if (channel->has_doorbell) {
		view->has_capability = delegate(channel->doorbell, holder->partition, grant->rights,
						name, "channel", &view->capability);
		if (!view->has_capability)
			return 1;
	}
	return 0;
}

/* One grant; the number of capabilities that could not be given. */
static unsigned apply_grant(const struct boot_archive *archive, const struct policy_grant *grant,
			    struct built_partition *built, uint32_t count,
			    const struct built_channel *channels)
{
	struct built_partition *holder = &built[grant->holder];
	struct policy_partition entry;
	policy_blob_partition(&archive->policy, grant->holder, &entry);
	const char *name = policy_blob_string(&archive->policy, entry.name);
	const struct built_partition *object = grant->object < count ? &built[grant->object] : NULL;
	unsigned refused = 0;

	if (!holder->built)
		return 0; /* its own failure is reported already; it runs nothing to use this */
	struct granted_objects *granted = object != NULL ? &holder->granted[grant->object] : NULL;
	switch (grant->type) {
	case CAP_TYPE_CONSOLE:
		return delegate(SEL_CONSOLE, holder->partition, grant->rights, name, "console", NULL) ?
			       0 :
			       1;
	case CAP_TYPE_PARTITION:
		if (object == NULL || !object->built)
			return 1;
		return delegate(object->partition, holder->partition, grant->rights, name,
				"partition", NULL) ? 0 : 1;
	case CAP_TYPE_MEMORY:
		if (object == NULL || !object->built)
			return 1;
		granted->has_memory = delegate(object->memory, holder->partition, grant->rights, name,
					       "memory", &granted->memory);
		return granted->has_memory ? 0 : 1;
	case CAP_TYPE_VCPU:
		if (object == NULL || !object->built)
			return 1;
		granted->vcpu_count = 0;
		for (unsigned v = 0; v < object->vcpu_count; v++) {
			cap_selector *given = &granted->vcpus[granted->vcpu_count];
			if (delegate(object->vcpus[v], holder->partition, grant->rights, name, "vCPU",
				     given))
				granted->vcpu_count++;
			else
				refused++;
		}
		return refused;
	case CAP_TYPE_CHANNEL:
		return grant_channel(grant, holder, name, channels);
	case CAP_TYPE_SCHED_CONTEXT:
		/* A partition's CPUs, for a component that creates vCPUs there; a pool's are given
		 * with the pool (pools.c). */
		if (!(grant->flags & POLICY_GRANT_PARTITION_CPUS))
			return 0;
		if (object == NULL || !object->built)
			return 1;
		return delegate(object->sched_context, holder->partition, grant->rights, name,
				"sched context", NULL) ? 0 : 1;
	default:
		break;
	}
	console_printf("root: partition %s: %s capabilities are not supported yet\n", name,
		       cap_type_name((enum cap_type)grant->type));
	return 1;
}

unsigned apply_grants(const struct boot_archive *archive, struct built_partition *built,
		      uint32_t count, const struct built_channel *channels)
{
	uint32_t grants = policy_blob_count(&archive->policy, POLICY_TABLE_GRANTS);
	unsigned refused = 0;
	struct policy_grant grant;

	for (uint32_t i = 0; i < grants; i++) {
		if (policy_blob_grant(&archive->policy, i, &grant) && grant.holder < count)
			refused += apply_grant(archive, &grant, built, count, channels);
	}
	return refused;
}

/*
 * The VMM's endpoint, created on first use and delegated to it for reading, with its own memory
 * (read, write) to build its guests' boot data in.
 */
static bool vmm_endpoint(struct built_partition *vmm, const char *name, cap_selector *endpoint)
{
	struct hc_registers r;

	if (!vmm->has_exit_endpoint) {
		enum cap_status status =
			hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_ENDPOINT_CREATE),
				      vmm->partition, 0, 0, 0, 0);
		if (status != CAP_OK) {
			console_printf("root: partition %s: exit endpoint: %s\n", name,
				       cap_status_name(status));
			return false;
		}
		vmm->exit_endpoint = (cap_selector)r.x[1];
		vmm->has_exit_endpoint = true;
		if (!delegate(vmm->exit_endpoint, vmm->partition, CAP_RIGHT_READ, name, "endpoint",
			      &vmm->endpoint_given) ||
		    !delegate(vmm->memory, vmm->partition, CAP_RIGHT_READ | CAP_RIGHT_WRITE, name,
			      "own memory", &vmm->self_memory_given))
			return false;
	}
	*endpoint = vmm->exit_endpoint;
	return true;
}

unsigned connect_vmms(const struct boot_archive *archive, struct built_partition *built,
		      uint32_t count)
{
	unsigned refused = 0;
	struct policy_partition guest, vmm;
	struct hc_registers r;

	for (uint32_t i = 0; i < count; i++) {
		cap_selector endpoint;
		if (!built[i].built || !policy_blob_partition(&archive->policy, i, &guest) ||
		    guest.vmm == POLICY_NONE || guest.vmm >= count || !built[guest.vmm].built)
			continue;
		policy_blob_partition(&archive->policy, guest.vmm, &vmm);
		if (!vmm_endpoint(&built[guest.vmm], policy_blob_string(&archive->policy, vmm.name),
				  &endpoint)) {
			refused++;
			continue;
		}
		for (unsigned v = 0; v < built[i].vcpu_count; v++) {
			enum cap_status status =
				hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_SET_EXIT_ENDPOINT),
					      built[i].vcpus[v], endpoint, 0, 0, 0);
			if (status != CAP_OK) {
				console_printf("root: partition %s: exits to its VMM: %s\n",
					       policy_blob_string(&archive->policy, guest.name),
					       cap_status_name(status));
				refused++;
			}
		}
	}
	return refused;
}
