/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rules of a manifest (policy/README.md, "What check verifies"), each reported where the
 * user must change something. Every rule runs, so one check lists every error at once; a rule
 * skips only values an earlier error already made meaningless.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tool.h"

static int find_partition(const struct manifest *m, const char *name)
{
	for (unsigned i = 0; i < m->partition_count; i++)
		if (strcmp(m->partitions[i].name, name) == 0)
			return (int)i;
	return UNRESOLVED;
}

static int find_pool(const struct manifest *m, const char *name)
{
	for (unsigned i = 0; i < m->pool_count; i++)
		if (strcmp(m->pools[i].name, name) == 0)
			return (int)i;
	return UNRESOLVED;
}

static int find_channel(const struct manifest *m, const char *name)
{
	for (unsigned i = 0; i < m->channel_count; i++)
		if (strcmp(m->channels[i].name, name) == 0)
			return (int)i;
	return UNRESOLVED;
}

static const char *range_text(uint64_t base, uint64_t size)
{
	return text("[%s, %s)", hex(base), hex(base + size));
}

static bool overlaps(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* ---- Names ------------------------------------------------------------------------------- */

struct named {
	const char *name, *path;
};

static void check_names(struct manifest *m)
{
	static struct named all[MAX_PARTITIONS + MAX_POOLS + MAX_CHANNELS];
	unsigned count = 0;

	for (unsigned i = 0; i < m->partition_count; i++)
		all[count++] = (struct named){m->partitions[i].name, m->partitions[i].path};
	for (unsigned i = 0; i < m->pool_count; i++)
		all[count++] = (struct named){m->pools[i].name, m->pools[i].path};
	for (unsigned i = 0; i < m->channel_count; i++)
		all[count++] = (struct named){m->channels[i].name, m->channels[i].path};
	for (unsigned i = 0; i < count; i++)
		for (unsigned j = 0; j < i; j++)
			if (strcmp(all[i].name, all[j].name) == 0) {
				report(m, all[i].path, "",
				       "a name no other partition, pool or channel has",
				       "\"%s\", the name of %s", all[i].name, all[j].path);
				break;
			}
}

/* ---- References -------------------------------------------------------------------------- */

static void check_roles(struct manifest *m)
{
	int root = UNRESOLVED;

	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		if (p->role != POLICY_ROLE_ROOT)
			continue;
		if (root != UNRESOLVED)
			report(m, p->path, "component", "one \"root\" component in the manifest",
			       "a second one (the first is %s)", m->partitions[root].path);
		else
			root = (int)i;
	}
	if (root == UNRESOLVED && m->partition_count > 0)
		report(m, "/partitions", "",
		       "one partition with kind = \"component\" and component = \"root\"", "none");
}

static int root_index(const struct manifest *m)
{
	for (unsigned i = 0; i < m->partition_count; i++)
		if (m->partitions[i].role == POLICY_ROLE_ROOT)
			return (int)i;
	return UNRESOLVED;
}

static void check_vmms(struct manifest *m)
{
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		if (!p->vmm[0]) {
			if (p->kind == POLICY_KIND_LINUX)
				report(m, p->path, "vmm",
				       "the name of the linux-vmm component that runs this Linux "
				       "partition",
				       "nothing");
			continue;
		}
		if (p->role == POLICY_ROLE_ROOT) {
			report(m, p->path, "vmm", "no vmm for the root component (Mortise starts it)",
			       "\"%s\"", p->vmm);
			continue;
		}
		int v = find_partition(m, p->vmm);
		if (v == UNRESOLVED) {
			report(m, p->path, "vmm", "the name of a linux-vmm component",
			       "\"%s\", which names no partition", p->vmm);
		} else if (m->partitions[v].role != POLICY_ROLE_LINUX_VMM) {
			report(m, p->path, "vmm", "the name of a linux-vmm component",
			       "\"%s\", which is no linux-vmm component", p->vmm);
		} else if (v == (int)i) {
			report(m, p->path, "vmm", "another partition than itself", "\"%s\"", p->vmm);
		} else {
			p->vmm_index = v;
		}
	}
	/* A cycle is reported once, at its member that comes first in the manifest. */
	for (unsigned i = 0; i < m->partition_count; i++) {
		char chain[PATH_SIZE * 2];
		int at = m->partitions[i].vmm_index;
		bool lowest = true;
		size_t used = (size_t)snprintf(chain, sizeof(chain), "\"%s\"", m->partitions[i].name);
		for (unsigned steps = 0; at != UNRESOLVED && steps < m->partition_count; steps++) {
			used += (size_t)snprintf(chain + (used < sizeof(chain) ? used : sizeof(chain)),
						 used < sizeof(chain) ? sizeof(chain) - used : 0,
						 " -> \"%s\"", m->partitions[at].name);
			if (at == (int)i)
				break;
			if (at < (int)i)
				lowest = false;
			at = m->partitions[at].vmm_index;
		}
		if (at == (int)i && lowest)
			report(m, m->partitions[i].path, "vmm",
			       "VMMs that lead to a partition without one", "a cycle: %s", chain);
	}
}

/*
 * The root component runs before the policy is read and leaves its CPU once the partitions run:
 * there is no moment at which it could be given the PMU or the debug registers.
 */
static void check_features(struct manifest *m)
{
	for (unsigned i = 0; i < m->partition_count; i++) {
		const struct m_partition *p = &m->partitions[i];
		if (p->role != POLICY_ROLE_ROOT)
			continue;
		if (p->pmu)
			report(m, p->path, "pmu", "no pmu for the root component (Mortise starts it)",
			       "the flag");
		if (p->debug)
			report(m, p->path, "debug",
			       "no debug for the root component (Mortise starts it)", "the flag");
	}
}

static void check_pools(struct manifest *m)
{
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		if (!p->pool[0])
			continue;
		p->pool_index = find_pool(m, p->pool);
		if (p->pool_index == UNRESOLVED)
			report(m, p->path, "pool", "the name of a pool under /pools",
			       "\"%s\", which names no pool", p->pool);
	}
	for (unsigned i = 0; i < m->pool_count; i++) {
		struct m_pool *pool = &m->pools[i];
		if (!pool->scheduler[0])
			continue;
		int s = find_partition(m, pool->scheduler);
		if (s == UNRESOLVED)
			report(m, pool->path, "scheduler", "the name of a sched component",
			       "\"%s\", which names no partition", pool->scheduler);
		else if (m->partitions[s].role != POLICY_ROLE_SCHED)
			report(m, pool->path, "scheduler", "the name of a sched component",
			       "\"%s\", which is no sched component", pool->scheduler);
		else
			pool->scheduler_index = s;
	}
}

/* The PCI device is what a Linux end sees, and its legacy interrupt is the channel's doorbell. */
static void check_linux_view(struct manifest *m, const struct m_channel *c)
{
	bool linux_end = false;

	if (!c->linux_pci)
		return;
	for (unsigned e = 0; e < 2; e++)
		if (c->end_index[e] != UNRESOLVED &&
		    m->partitions[c->end_index[e]].kind == POLICY_KIND_LINUX)
			linux_end = true;
	if (c->end_index[0] != UNRESOLVED && c->end_index[1] != UNRESOLVED && !linux_end)
		report(m, c->path, "linux-view", "\"pci\" only on a channel with a linux end",
		       "\"pci\" between \"%s\" and \"%s\", neither linux", c->ends[0], c->ends[1]);
	if (!c->doorbell)
		report(m, c->path, "linux-view",
		       "\"pci\" only with doorbell (the device's interrupt)", "no doorbell");
	/* A memory BAR is a power of two; the root aligns it to its size in Linux's window. */
	if (c->has_size && (c->size & (c->size - 1)) != 0)
		report(m, c->path, "linux-view",
		       "\"pci\" only with a size that is a power of two (the memory BAR)",
		       "size 0x%llx", (unsigned long long)c->size);
}

static void check_channels(struct manifest *m)
{
	for (unsigned i = 0; i < m->channel_count; i++) {
		struct m_channel *c = &m->channels[i];
		for (unsigned e = 0; e < 2 && c->ends[0][0]; e++) {
			c->end_index[e] = find_partition(m, c->ends[e]);
			if (c->end_index[e] == UNRESOLVED)
				report(m, c->path, "between", "two names of partitions",
				       "\"%s\", which names no partition", c->ends[e]);
		}
		if (c->ends[0][0] && strcmp(c->ends[0], c->ends[1]) == 0) {
			report(m, c->path, "between", "two different partitions", "\"%s\" twice",
			       c->ends[0]);
			c->end_index[1] = UNRESOLVED;
		}
		check_linux_view(m, c);
	}
}

/* A pool, or a static partition whose CPUs the holder may then create vCPUs on. */
static void resolve_sched_context(struct manifest *m, struct m_grant *g)
{
	static const char expected[] =
		"the name of a pool under /pools or of a partition with \"cpus\"";
	int partition = find_partition(m, g->of);

	g->object = find_pool(m, g->of);
	if (g->object != UNRESOLVED)
		return;
	if (partition == UNRESOLVED) {
		report(m, g->path, "of", expected, "\"%s\", which names no pool or partition", g->of);
		return;
	}
	if (!m->partitions[partition].has_cpus) {
		report(m, g->path, "of", expected, "\"%s\", a partition without \"cpus\"", g->of);
		return;
	}
	g->object = partition;
	g->of_partition = true;
}

/* The same object: a sched context of a pool and of a partition share index numbers. */
static bool same_object(const struct m_grant *g, int type, int object, bool of_partition)
{
	return g->type == type && g->object == object && g->of_partition == of_partition;
}

static void resolve_grants(struct manifest *m)
{
	for (unsigned i = 0; i < m->grant_count; i++) {
		struct m_grant *g = &m->grants[i];
		struct m_partition *holder = &m->partitions[g->holder];
		if (holder->kind != UNRESOLVED && holder->kind != POLICY_KIND_COMPONENT) {
			report(m, g->path, "",
			       "capabilities only in a component (kind = \"component\")",
			       "them in a partition of kind \"%s\"", policy_kind_name(holder->kind));
			g->complete = false;
			continue;
		}
		if (g->type == CAP_TYPE_CHANNEL) {
			g->object = find_channel(m, g->of);
			if (g->object == UNRESOLVED)
				report(m, g->path, "of", "the name of a channel under /channels",
				       "\"%s\", which names no channel", g->of);
		} else if (g->type == CAP_TYPE_SCHED_CONTEXT) {
			resolve_sched_context(m, g);
		} else if (g->type == CAP_TYPE_CONSOLE) {
			g->object = 0;
		} else if (g->type != UNRESOLVED && g->of[0]) {
			g->object = find_partition(m, g->of);
			if (g->object == UNRESOLVED)
				report(m, g->path, "of", "the name of a partition",
				       "\"%s\", which names no partition", g->of);
		}
		if (g->from[0]) {
			g->grantor = find_partition(m, g->from);
			if (g->grantor == UNRESOLVED)
				report(m, g->path, "from", "the name of a component that holds the capability",
				       "\"%s\", which names no partition", g->from);
			else if (g->grantor == g->holder)
				report(m, g->path, "from", "another component than the holder",
				       "\"%s\"", g->from);
		} else {
			g->grantor = root_index(m);
		}
		if (g->object == UNRESOLVED || g->grantor == UNRESOLVED || g->grantor == g->holder)
			g->complete = false;
	}
}

/*
 * Rights partition holds over (type, object; of_partition for a sched context over a partition's
 * CPUs) through grants already known to be held.
 */
static unsigned held_rights(const struct manifest *m, int partition, int type, int object,
			    bool of_partition)
{
	unsigned rights = 0;

	if (partition != UNRESOLVED && m->partitions[partition].role == POLICY_ROLE_ROOT)
		return CAP_RIGHTS_ALL;
	for (unsigned i = 0; i < m->grant_count; i++) {
		const struct m_grant *g = &m->grants[i];
		if (g->held && g->holder == partition && same_object(g, type, object, of_partition))
			rights |= g->rights;
	}
	return rights;
}

/*
 * The root component holds every capability with every right. Anyone else can pass on only what
 * it holds with "grant": a least fixed point, so a cycle of grants proves nothing.
 */
static void check_grant_chains(struct manifest *m)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (unsigned i = 0; i < m->grant_count; i++) {
			struct m_grant *g = &m->grants[i];
			if (g->held || !g->complete)
				continue;
			unsigned held =
				held_rights(m, g->grantor, g->type, g->object, g->of_partition);
			if ((held & CAP_RIGHT_GRANT) && (held & g->rights) == g->rights)
				g->held = changed = true;
		}
	}
	for (unsigned i = 0; i < m->grant_count; i++) {
		struct m_grant *g = &m->grants[i];
		if (g->held || !g->complete)
			continue;
		unsigned held = held_rights(m, g->grantor, g->type, g->object, g->of_partition);
		report(m, g->path, "rights",
		       text("rights that \"%s\" holds over %s \"%s\", \"grant\" among them",
			    m->partitions[g->grantor].name, cap_type_manifest_name(g->type), g->of),
		       "%s, but \"%s\" holds %s", rights_text(g->rights),
		       m->partitions[g->grantor].name, held ? rights_text(held) : "none");
	}
}

static void require_held(struct manifest *m, const char *node, const char *property, int holder,
			 int type, int object, unsigned rights)
{
	unsigned held = held_rights(m, holder, type, object, false);

	if ((held & rights) != rights)
		report(m, node, property,
		       text("\"%s\" to hold a %s capability over \"%s\" with %s",
			    m->partitions[holder].name, cap_type_manifest_name(type),
			    m->partitions[object].name, rights_text(rights)),
		       "%s", held ? text("only %s", rights_text(held)) : "none");
}

/* What the architecture promises: a VMM can run its guest, a scheduler can run its pool. */
static void check_controllers(struct manifest *m)
{
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		if (p->vmm_index != UNRESOLVED) {
			require_held(m, p->path, "vmm", p->vmm_index, CAP_TYPE_VCPU, (int)i,
				     CAP_RIGHT_CONTROL);
			require_held(m, p->path, "vmm", p->vmm_index, CAP_TYPE_MEMORY, (int)i,
				     CAP_RIGHT_READ | CAP_RIGHT_WRITE);
		}
	}
	/* A scheduler makes its pool's instances: it needs the pool's scheduling, with control. */
	for (unsigned i = 0; i < m->pool_count; i++) {
		const struct m_pool *pool = &m->pools[i];
		if (pool->scheduler_index == UNRESOLVED)
			continue;
		unsigned held = held_rights(m, pool->scheduler_index, CAP_TYPE_SCHED_CONTEXT,
					    (int)i, false);
		if (!(held & CAP_RIGHT_CONTROL))
			report(m, pool->path, "scheduler",
			       text("\"%s\" to hold a sched-context capability over \"%s\" with "
				    "\"control\"",
				    pool->scheduler, pool->name),
			       "%s", held ? text("only %s", rights_text(held)) : "none");
	}
}

/*
 * Templates: Tenon partitions in a pool (the pool's scheduler may also run there). Nothing of a
 * template exists at boot, so no capability names it; its memory is carved into max-instances
 * instances of memory-size, and one instance must fit the empty pool.
 */
static void check_templates(struct manifest *m)
{
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		if (p->pool_index == UNRESOLVED || p->kind == UNRESOLVED || is_template(p))
			continue;
		if (m->pools[p->pool_index].scheduler_index != (int)i)
			report(m, p->path, "pool",
			       "only Tenon templates and the pool's own scheduler in a pool",
			       "a partition of kind \"%s\"", policy_kind_name(p->kind));
	}
	for (unsigned i = 0; i < m->grant_count; i++) {
		const struct m_grant *g = &m->grants[i];
		bool over_partition = g->type == CAP_TYPE_PARTITION || g->type == CAP_TYPE_VCPU ||
				      g->type == CAP_TYPE_MEMORY || g->type == CAP_TYPE_ENDPOINT;
		if (g->complete && over_partition && is_template(&m->partitions[g->object]))
			report(m, g->path, "of",
			       "a partition that exists at boot (instances of a template belong to "
			       "its pool's scheduler)",
			       "\"%s\", a template of pool \"%s\"", g->of,
			       m->partitions[g->object].pool);
	}
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		if (!is_template(p))
			continue;
		const struct m_pool *pool = &m->pools[p->pool_index];
		uint32_t per_cpu = p->period_us / p->budget_us;
		if ((uint64_t)per_cpu * pool->cpu_count < p->vcpus)
			report(m, p->path, "vcpus",
			       text("vCPUs that the empty pool's %u CPUs admit at %u/%u us each",
				    pool->cpu_count, p->budget_us, p->period_us),
			       "%u", p->vcpus);
		if (!p->has_memory)
			continue;
		if (p->fixed) {
			report(m, p->path, "memory-range",
			       "\"memory-size\" for a template (its instances are placed)",
			       "a fixed range");
			p->has_memory = false;
			continue;
		}
		p->instance_size = p->size;
		p->size = p->size > UINT64_MAX / p->max_instances ? UINT64_MAX
								 : p->size * p->max_instances;
	}
}

/*
 * The root makes channels at boot, when no template has an instance. A control channel carries
 * requests to a sched component at one of its ends.
 */
static void check_channel_ends(struct manifest *m)
{
	for (unsigned i = 0; i < m->channel_count; i++) {
		const struct m_channel *c = &m->channels[i];
		if (c->end_index[0] == UNRESOLVED || c->end_index[1] == UNRESOLVED)
			continue;
		const struct m_partition *a = &m->partitions[c->end_index[0]];
		const struct m_partition *b = &m->partitions[c->end_index[1]];
		if (is_template(a) || is_template(b))
			report(m, c->path, "between", "two partitions that exist at boot",
			       "\"%s\", a template of pool \"%s\"", is_template(a) ? a->name : b->name,
			       is_template(a) ? a->pool : b->pool);
		else if (c->control && a->role != POLICY_ROLE_SCHED && b->role != POLICY_ROLE_SCHED)
			report(m, c->path, "control", "a sched component at one end of the channel",
			       "\"%s\" and \"%s\", neither a sched component", a->name, b->name);
	}
}

/* ---- CPUs ---------------------------------------------------------------------------------- */

/* Who has each CPU so far; a root CPU may have a second, component owner (shared). */
struct cpu_owners {
	const char *owner[MAX_LIST * MAX_PARTITIONS];
	const char *shared[MAX_LIST * MAX_PARTITIONS];
	bool root[MAX_LIST * MAX_PARTITIONS];
};

/*
 * The root turns its own CPU off once it has started the partitions, so one component may follow
 * it there. A Tenon or Linux partition may not: it would run alongside the root while the root is
 * still building.
 */
static void take_static_cpu(struct manifest *m, struct cpu_owners *o, const struct m_partition *p,
			    unsigned cpu)
{
	bool component = p->kind == POLICY_KIND_COMPONENT && p->role != POLICY_ROLE_ROOT;

	if (!o->owner[cpu]) {
		o->owner[cpu] = p->path;
		o->root[cpu] = p->role == POLICY_ROLE_ROOT;
	} else if (o->root[cpu] && component && !o->shared[cpu]) {
		o->shared[cpu] = p->path;
	} else if (o->shared[cpu] && component) {
		report(m, p->path, "cpus",
		       "CPUs no other static partition has (a root CPU may go to one component)",
		       "%u, already given to %s and %s", cpu, o->owner[cpu], o->shared[cpu]);
	} else {
		report(m, p->path, "cpus", "CPUs no other static partition has",
		       "%u, already given to %s", cpu, o->owner[cpu]);
	}
}

static void check_static_cpus(struct manifest *m, struct cpu_owners *o, unsigned cpus,
			      const char *beyond)
{
	int root = root_index(m);

	/* The root first: whether a CPU is the root's must not depend on the manifest's order. */
	for (int pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < m->partition_count; i++) {
			struct m_partition *p = &m->partitions[i];
			if ((pass == 0) != ((int)i == root))
				continue;
			for (unsigned c = 0; c < p->cpu_count; c++) {
				if (p->cpus[c] >= cpus)
					report(m, p->path, "cpus", beyond, "%u", p->cpus[c]);
				else
					take_static_cpu(m, o, p, p->cpus[c]);
			}
		}
}

static void check_cpus(struct manifest *m, const struct platform *platform)
{
	static struct cpu_owners o;
	unsigned cpus = platform->facts.cpu_count;
	const char *beyond = text("CPU ids below %u (the platform has %u CPUs)", cpus, cpus);

	memset(&o, 0, sizeof(o));
	check_static_cpus(m, &o, cpus, beyond);
	for (unsigned i = 0; i < m->pool_count; i++) {
		struct m_pool *pool = &m->pools[i];
		for (unsigned c = 0; c < pool->cpu_count; c++) {
			unsigned cpu = pool->cpus[c];
			if (cpu >= cpus) {
				report(m, pool->path, "cpus", beyond, "%u", cpu);
			} else if (o.owner[cpu]) {
				report(m, pool->path, "cpus",
				       "CPUs no static partition and no other pool has",
				       "%u, already given to %s", cpu, o.owner[cpu]);
			} else {
				o.owner[cpu] = pool->path;
			}
		}
	}
}

/* ---- Memory -------------------------------------------------------------------------------- */

struct region {
	uint64_t base, size;
	const char *path;
};

static bool inside_ram(const struct platform *platform, uint64_t base, uint64_t size)
{
	for (unsigned r = 0; r < platform->facts.memory_count; r++) {
		const struct dtb_range *ram = &platform->facts.memory[r];
		if (base >= ram->base && size <= ram->size && base - ram->base <= ram->size - size)
			return true;
	}
	return false;
}

static const char *ram_text(const struct platform *platform)
{
	char buffer[256] = "";

	for (unsigned r = 0; r < platform->facts.memory_count; r++)
		snprintf(buffer + strlen(buffer), sizeof(buffer) - strlen(buffer), "%s%s",
			 r ? " or " : "",
			 range_text(platform->facts.memory[r].base, platform->facts.memory[r].size));
	return text("%s", buffer);
}

static bool page_size_ok(struct manifest *m, const char *node, const char *property,
			 uint64_t size)
{
	if (size != 0 && size % PAGE_SIZE == 0)
		return true;
	report(m, node, property, "a non-zero multiple of 4 KiB (0x1000)", "%s", hex(size));
	return false;
}

/*
 * A size is 64 bits: one larger than all RAM is refused where it is written, and sums saturate,
 * so no total wraps round to something that fits.
 */
static bool size_within_ram(struct manifest *m, const struct platform *platform, const char *node,
			    const char *property, uint64_t size)
{
	if (size <= platform->ram_total)
		return true;
	report(m, node, property,
	       text("a size no larger than the platform's %s bytes of RAM", hex(platform->ram_total)),
	       "%s", hex(size));
	return false;
}

static uint64_t add_capped(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

/* First fit, 2 MiB aligned when the size allows stage-2 block mappings (Arm ARM D8.2). */
static bool place(struct region *taken, unsigned *taken_count, const struct platform *platform,
		  uint64_t size, uint64_t *base)
{
	uint64_t align = size % 0x200000u == 0 ? 0x200000u : PAGE_SIZE;

	for (unsigned r = 0; r < platform->facts.memory_count; r++) {
		const struct dtb_range *ram = &platform->facts.memory[r];
		uint64_t candidate = (ram->base + align - 1) & ~(align - 1);
		bool moved = true;
		while (moved && candidate + size <= ram->base + ram->size) {
			moved = false;
			for (unsigned t = 0; t < *taken_count; t++)
				if (overlaps(candidate, size, taken[t].base, taken[t].size)) {
					candidate = (taken[t].base + taken[t].size + align - 1) &
						    ~(align - 1);
					moved = true;
				}
		}
		if (!moved && candidate + size <= ram->base + ram->size) {
			*base = candidate;
			taken[(*taken_count)++] = (struct region){candidate, size, NULL};
			return true;
		}
	}
	return false;
}

static void check_memory(struct manifest *m, const struct platform *platform)
{
	static struct region taken[MAX_PARTITIONS + MAX_CHANNELS + 1];
	unsigned taken_count = 0, errors = m->errors;
	uint64_t total = 0, partitions = 0, channels = 0;
	const struct dtb_range *first = &platform->facts.memory[0];

	if (m->hypervisor_memory < MORTISE_MEMORY_BYTES) {
		report(m, "/", "hypervisor-memory",
		       text("at least the %s bytes Mortise keeps (CONFIG_MORTISE_MEMORY_MIB %d)",
			    hex(MORTISE_MEMORY_BYTES), CONFIG_MORTISE_MEMORY_MIB),
		       "%s", hex(m->hypervisor_memory));
		return;
	}
	if (m->hypervisor_memory % PAGE_SIZE != 0 || m->hypervisor_memory > first->size) {
		report(m, "/", "hypervisor-memory",
		       text("a multiple of 4 KiB no larger than the first RAM range %s",
			    range_text(first->base, first->size)),
		       "%s", hex(m->hypervisor_memory));
		return;
	}
	/* Mortise and its own allocations live at the start of RAM, where firmware loads it. */
	taken[taken_count++] = (struct region){first->base, m->hypervisor_memory, "Mortise"};
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		const char *property = p->fixed ? "memory-range" : "memory-size";
		if (!p->has_memory || !page_size_ok(m, p->path, property, p->size) ||
		    (!p->fixed && !size_within_ram(m, platform, p->path, property, p->size)))
			continue;
		partitions = add_capped(partitions, p->size);
		if (!p->fixed)
			continue;
		if (p->base % PAGE_SIZE != 0) {
			report(m, p->path, property, "a base aligned to 4 KiB (0x1000)", "%s",
			       hex(p->base));
			continue;
		}
		if (!inside_ram(platform, p->base, p->size)) {
			report(m, p->path, property,
			       text("a range inside the platform's RAM %s", ram_text(platform)),
			       "%s", range_text(p->base, p->size));
			continue;
		}
		bool clash = false;
		for (unsigned t = 0; t < taken_count && !clash; t++)
			if (overlaps(p->base, p->size, taken[t].base, taken[t].size)) {
				report(m, p->path, property, "a range that overlaps no other",
				       "%s, which overlaps %s %s", range_text(p->base, p->size),
				       taken[t].path, range_text(taken[t].base, taken[t].size));
				clash = true;
			}
		if (!clash)
			taken[taken_count++] = (struct region){p->base, p->size, p->path};
	}
	for (unsigned i = 0; i < m->channel_count; i++)
		if (m->channels[i].has_size &&
		    page_size_ok(m, m->channels[i].path, "size", m->channels[i].size) &&
		    size_within_ram(m, platform, m->channels[i].path, "size", m->channels[i].size))
			channels = add_capped(channels, m->channels[i].size);
	total = add_capped(add_capped(m->hypervisor_memory, partitions), channels);
	if (total > platform->ram_total) {
		report(m, "/", "",
		       text("at most the platform's %s bytes of RAM in total", hex(platform->ram_total)),
		       "%s (hypervisor-memory %s + partitions %s + channels %s)", hex(total),
		       hex(m->hypervisor_memory), hex(partitions), hex(channels));
		return;
	}
	if (m->errors != errors)
		return;
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		if (p->has_memory && !p->fixed && !place(taken, &taken_count, platform, p->size, &p->base))
			report(m, p->path, "memory-size", "a size that fits in the free RAM left",
			       "%s, with no free range that large", hex(p->size));
	}
	for (unsigned i = 0; i < m->channel_count; i++) {
		struct m_channel *c = &m->channels[i];
		if (c->has_size && !place(taken, &taken_count, platform, c->size, &c->base))
			report(m, c->path, "size", "a size that fits in the free RAM left",
			       "%s, with no free range that large", hex(c->size));
	}
}

/* ---- Devices, IRQs, images ----------------------------------------------------------------- */

static void check_devices(struct manifest *m, const struct platform *platform)
{
	static const char *irq_owner[1020];

	memset(irq_owner, 0, sizeof(irq_owner));
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		for (unsigned d = 0; d < p->device_count; d++) {
			struct m_device *device = &p->devices[d];
			platform_resolve_device(platform, m, p->path, device);
			if (!device->resolved)
				continue;
			for (unsigned j = 0; j <= i; j++)
				for (unsigned e = 0; e < (j == i ? d : m->partitions[j].device_count); e++)
					if (strcmp(m->partitions[j].devices[e].path, device->path) == 0) {
						report(m, p->path, "devices",
						       "devices no other partition has",
						       "\"%s\", already given to %s", device->path,
						       m->partitions[j].path);
						device->resolved = false;
					}
			/* Stage 2 maps whole 4 KiB pages: a shared page would leak between owners. */
			for (unsigned j = 0; device->resolved && j < i; j++)
				for (unsigned e = 0; e < m->partitions[j].device_count; e++) {
					const struct m_device *other = &m->partitions[j].devices[e];
					uint64_t mask = ~(uint64_t)(PAGE_SIZE - 1);
					if (other->resolved &&
					    overlaps(device->base & mask,
						     ((device->base + device->size + PAGE_SIZE - 1) & mask) -
							     (device->base & mask),
						     other->base & mask,
						     ((other->base + other->size + PAGE_SIZE - 1) & mask) -
							     (other->base & mask))) {
						report(m, p->path, "devices",
						       "devices that share no 4 KiB page with another "
						       "partition's",
						       "\"%s\", in the same page as %s of %s", device->path,
						       other->path, m->partitions[j].path);
						device->resolved = false;
						break;
					}
				}
			for (unsigned k = 0; device->resolved && k < device->intid_count; k++)
				irq_owner[device->intids[k]] = p->path;
		}
	}
	for (unsigned i = 0; i < m->partition_count; i++) {
		struct m_partition *p = &m->partitions[i];
		for (unsigned k = 0; k < p->irq_count; k++) {
			uint32_t intid = p->irqs[k];
			if (intid < 32 || intid > 1019)
				report(m, p->path, "irqs", "SPI INTIDs from 32 to 1019", "%u", intid);
			else if (irq_owner[intid])
				report(m, p->path, "irqs", "INTIDs no other partition or device has",
				       "%u, already given to %s", intid, irq_owner[intid]);
			else
				irq_owner[intid] = p->path;
		}
	}
}

/*
 * The root component looks each boot module up by this name in its archive, and tenon-policy in
 * --images DIR: components separated by single slashes, none empty, "." or "..", so the name can
 * only mean a file inside the images folder.
 */
static bool plain_relative_path(const char *path)
{
	for (const char *component = path;; component++) {
		size_t length = strcspn(component, "/");
		if (length == 0 || (length == 1 && component[0] == '.') ||
		    (length == 2 && component[0] == '.' && component[1] == '.'))
			return false;
		component += length;
		if (*component == '\0')
			return true;
	}
}

static void check_image(struct manifest *m, const struct m_partition *p, const char *property,
			const char *image)
{
	struct stat st;

	if (!image[0])
		return;
	if (!plain_relative_path(image)) {
		report(m, p->path, property,
		       "a plain relative path inside the images folder (no leading \"/\", no empty, "
		       "\".\" or \"..\" component)",
		       "\"%s\"", image);
		return;
	}
	if (!m->images_dir)
		return;
	const char *file = text("%s/%s", m->images_dir, image);
	if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
		report(m, p->path, property, text("a file in %s", m->images_dir),
		       "\"%s\", which is not there", image);
}

/* Every boot module the root will look up in its archive: the image and a Linux initramfs. */
static void check_images(struct manifest *m)
{
	for (unsigned i = 0; i < m->partition_count; i++) {
		check_image(m, &m->partitions[i], "image", m->partitions[i].image);
		check_image(m, &m->partitions[i], "initrd", m->partitions[i].initrd);
	}
}

void manifest_validate(struct manifest *m, const struct platform *platform)
{
	check_names(m);
	check_roles(m);
	check_vmms(m);
	check_features(m);
	check_pools(m);
	check_channels(m);
	resolve_grants(m);
	check_grant_chains(m);
	check_controllers(m);
	check_templates(m);
	check_channel_ends(m);
	check_cpus(m, platform);
	check_memory(m, platform);
	check_devices(m, platform);
	check_images(m);
}
