// SPDX-License-Identifier: Apache-2.0
/*
 * A pool's scheduler gets what it makes instances with: the pool's scheduling context (derived
 * from the root's for the pool's CPUs, with the rights its grant names), the boot archive to
 * read template images from, its own memory (to copy instances' devicetrees from) and each
 * template's memory (all of its instances', placed by the policy compiler). Templates themselves are not built: nothing of them runs until the scheduler
 * starts an instance. What it got goes into its devicetree as /tenonos,sched (devicetree.c).
 */
#include "root.h"

#include "console.h"

/* The pool's CPUs, as a CPU set and as a list. */
static uint64_t pool_cpus(const struct boot_archive *archive, uint32_t pool, struct sched_view *view)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_CPUS);
	struct policy_cpu cpu;
	uint64_t set = 0;

	for (uint32_t i = 0; i < count; i++)
		if (policy_blob_cpu(&archive->policy, i, &cpu) && cpu.owner_kind == POLICY_CPU_POOL &&
		    cpu.owner == pool && cpu.cpu < CAP_SCHED_CPUS &&
		    view->cpu_count < ROOT_MAX_POOL_CPUS) {
			set |= 1ULL << cpu.cpu;
			view->cpus[view->cpu_count++] = cpu.cpu;
		}
	return set;
}

/* The rights of the scheduler's grant over the pool's sched context (the checker requires one). */
static cap_rights granted_rights(const struct boot_archive *archive, uint32_t scheduler,
				 uint32_t pool)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_GRANTS);
	struct policy_grant grant;
	cap_rights rights = 0;

	for (uint32_t i = 0; i < count; i++)
		if (policy_blob_grant(&archive->policy, i, &grant) && grant.holder == scheduler &&
		    grant.type == CAP_TYPE_SCHED_CONTEXT &&
		    !(grant.flags & POLICY_GRANT_PARTITION_CPUS) && grant.object == pool)
			rights |= grant.rights;
	return rights;
}

static bool give_template(const struct boot_archive *archive, uint32_t index, const char *holder,
			  const struct built_partition *scheduler, struct template_view *view)
{
	struct policy_partition template;
	struct policy_memory memory;
	struct cpio_file image;
	struct hc_registers r;

	policy_blob_partition(&archive->policy, index, &template);
	const char *name = policy_blob_string(&archive->policy, template.name);
	if (!partition_memory(archive, index, &memory) || cpio_find(archive->data, archive->size,
				 policy_blob_string(&archive->policy, template.image), &image) != CPIO_OK ||
	    hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SEL_RAM, 0, 0, 0, 0) != CAP_OK ||
	    memory.base < r.x[3]) {
		console_printf("root: template %s: no memory or image\n", name);
		return false;
	}
	if (hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), SEL_RAM, CAP_RIGHTS_ALL,
			  memory.base - r.x[3], memory.size, 0) != CAP_OK ||
	    !delegate((cap_selector)r.x[1], scheduler->partition, CAP_RIGHTS_ALL, holder,
		      "template memory", &view->memory))
		return false;
	view->partition = index;
	view->max_instances = template.max_instances;
	view->instance_size = memory.size / template.max_instances;
	view->image_offset = image.offset;
	view->image_size = image.size;
	view->console = (template.flags & POLICY_PARTITION_CONSOLE) != 0;
	console_printf("root: template %s: %u instances of %llu MiB for %s\n", name,
		       template.max_instances, (unsigned long long)(view->instance_size >> 20),
		       holder);
	return true;
}

unsigned give_pools(const struct boot_archive *archive, struct built_partition *built,
		    uint32_t count, cap_selector cpus)
{
	uint32_t pools = policy_blob_count(&archive->policy, POLICY_TABLE_POOLS);
	unsigned refused = 0;
	struct hc_registers r;

	for (uint32_t p = 0; p < pools; p++) {
		struct policy_pool pool;
		struct policy_partition scheduler;
		if (!policy_blob_pool(&archive->policy, p, &pool) || pool.scheduler >= count ||
		    !built[pool.scheduler].built)
			continue;
		struct built_partition *holder = &built[pool.scheduler];
		struct sched_view *view = &holder->sched;
		policy_blob_partition(&archive->policy, pool.scheduler, &scheduler);
		const char *name = policy_blob_string(&archive->policy, scheduler.name);
		if (view->present) {
			console_printf("root: %s schedules a second pool: not supported yet\n", name);
			refused++;
			continue;
		}
		cap_rights rights = granted_rights(archive, pool.scheduler, p);
		uint64_t set = pool_cpus(archive, p, view);
		/* The root's copy keeps grant, to delegate it; the scheduler's has what it was given. */
		if (hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), cpus,
				  rights | CAP_RIGHT_GRANT, set, CAP_SCHED_PRIORITY_MAX, 0) != CAP_OK ||
		    !delegate((cap_selector)r.x[1], holder->partition, rights, name, "pool sched context",
			      &view->sched_context) ||
		    !delegate(SEL_ARCHIVE, holder->partition, CAP_RIGHT_READ, name, "boot archive",
			      &view->archive) ||
		    !delegate(holder->memory, holder->partition, CAP_RIGHT_READ | CAP_RIGHT_WRITE,
			      name, "own memory", &view->self_memory)) {
			refused++;
			continue;
		}
		for (uint32_t i = 0; i < count; i++) {
			struct policy_partition t;
			if (!policy_blob_partition(&archive->policy, i, &t) || t.pool != p ||
			    t.kind != POLICY_KIND_TENON)
				continue;
			if (view->template_count == ROOT_MAX_TEMPLATES ||
			    !give_template(archive, i, name, holder,
					   &view->templates[view->template_count]))
				refused++;
			else
				view->template_count++;
		}
		view->present = true;
	}
	return refused;
}

/* vCPUs and partitions the scheduler of pools may create: every instance of every template. */
void pool_quotas(const struct boot_archive *archive, uint32_t index, unsigned *vcpus,
		 unsigned *partitions)
{
	uint32_t count = policy_blob_count(&archive->policy, POLICY_TABLE_PARTITIONS);
	struct policy_partition t;
	struct policy_pool pool;

	for (uint32_t i = 0; i < count; i++)
		if (policy_blob_partition(&archive->policy, i, &t) && t.kind == POLICY_KIND_TENON &&
		    t.pool != POLICY_NONE && policy_blob_pool(&archive->policy, t.pool, &pool) &&
		    pool.scheduler == index) {
			*vcpus += (unsigned)t.max_instances * t.vcpus;
			*partitions += t.max_instances;
		}
}
