// SPDX-License-Identifier: Apache-2.0
#include <stddef.h>

#include "admission.h"

static const char *const status_names[ADMISSION_STATUS_COUNT] = {
	[ADMISSION_OK] = "ok",
	[ADMISSION_REFUSED] = "refused",
	[ADMISSION_FULL] = "full",
	[ADMISSION_BAD_ARGUMENTS] = "bad-arguments",
};

const char *admission_status_name(enum admission_status status)
{
	return (unsigned)status < ADMISSION_STATUS_COUNT ? status_names[status] : "unknown";
}

static uint32_t utilisation(const struct admission_params *p)
{
	return (uint32_t)(((uint64_t)p->budget_us * ADMISSION_PPM + p->period_us - 1) /
			  p->period_us);
}

static bool params_ok(const struct admission_params *p)
{
	return p->period_us != 0 && p->budget_us != 0 && p->budget_us <= p->period_us;
}

bool admission_init(struct admission_pool *pool, unsigned cpu_count, uint32_t bound_ppm)
{
	if (cpu_count == 0 || cpu_count > ADMISSION_MAX_CPUS || bound_ppm == 0 ||
	    bound_ppm > ADMISSION_PPM)
		return false;
	*pool = (struct admission_pool){.cpu_count = cpu_count, .bound_ppm = bound_ppm};
	return true;
}

uint32_t admission_load(const struct admission_pool *pool, unsigned cpu)
{
	uint32_t load = 0;
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++)
		if (pool->vcpus[i].used && pool->vcpus[i].cpu == cpu)
			load += utilisation(&pool->vcpus[i].params);
	return load;
}

/* Response-time analysis of vcpu against everything else on its CPU (used entries). */
static bool meets_period(const struct admission_pool *pool, const struct admission_vcpu *v)
{
	uint64_t response = v->params.budget_us, previous = 0;
	while (response != previous) {
		if (response > v->params.period_us)
			return false;
		previous = response;
		response = v->params.budget_us;
		for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++) {
			const struct admission_vcpu *o = &pool->vcpus[i];
			if (o == v || !o->used || o->cpu != v->cpu ||
			    o->params.priority < v->params.priority)
				continue;
			response += (previous + o->params.period_us - 1) / o->params.period_us *
				    o->params.budget_us;
		}
	}
	return true;
}

/* Every vCPU on cpu, as the pool now stands, keeps its guarantee. */
static bool cpu_schedulable(const struct admission_pool *pool, unsigned cpu)
{
	if (admission_load(pool, cpu) > pool->bound_ppm)
		return false;
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++)
		if (pool->vcpus[i].used && pool->vcpus[i].cpu == cpu &&
		    !meets_period(pool, &pool->vcpus[i]))
			return false;
	return true;
}

static bool owns_any(const struct admission_pool *pool, uint32_t owner)
{
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++)
		if (pool->vcpus[i].used && pool->vcpus[i].owner == owner)
			return true;
	return false;
}

/* Tries v on every CPU, least loaded first, keeping the first that stays schedulable. */
static bool place_one(struct admission_pool *pool, struct admission_vcpu *v)
{
	bool tried[ADMISSION_MAX_CPUS] = {false};
	for (unsigned attempt = 0; attempt < pool->cpu_count; attempt++) {
		unsigned best = pool->cpu_count;
		for (unsigned c = 0; c < pool->cpu_count; c++)
			if (!tried[c] && (best == pool->cpu_count ||
					  admission_load(pool, c) < admission_load(pool, best)))
				best = c;
		tried[best] = true;
		v->cpu = (uint8_t)best;
		v->used = true;
		if (cpu_schedulable(pool, best))
			return true;
		v->used = false;
	}
	return false;
}

enum admission_status admission_place(struct admission_pool *pool, uint32_t owner,
				      unsigned vcpu_count, const struct admission_params *params,
				      uint8_t *cpu_of)
{
	if (!params_ok(params) || vcpu_count == 0 || vcpu_count > ADMISSION_MAX_VCPUS ||
	    owns_any(pool, owner))
		return ADMISSION_BAD_ARGUMENTS;
	unsigned free_slots = 0;
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++)
		free_slots += !pool->vcpus[i].used;
	if (free_slots < vcpu_count)
		return ADMISSION_FULL;
	unsigned placed = 0;
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS && placed < vcpu_count; i++) {
		struct admission_vcpu *v = &pool->vcpus[i];
		if (v->used)
			continue;
		*v = (struct admission_vcpu){.owner = owner, .index = (uint16_t)placed,
					     .params = *params};
		if (!place_one(pool, v)) {
			admission_remove(pool, owner);
			return ADMISSION_REFUSED;
		}
		cpu_of[placed++] = v->cpu;
	}
	return ADMISSION_OK;
}

enum admission_status admission_change(struct admission_pool *pool, uint32_t owner,
				       const struct admission_params *params)
{
	if (!params_ok(params) || !owns_any(pool, owner))
		return ADMISSION_BAD_ARGUMENTS;
	struct admission_params old = {0};
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++)
		if (pool->vcpus[i].used && pool->vcpus[i].owner == owner) {
			old = pool->vcpus[i].params;
			pool->vcpus[i].params = *params;
		}
	bool ok = true;
	for (unsigned c = 0; c < pool->cpu_count; c++)
		ok = ok && cpu_schedulable(pool, c);
	if (ok)
		return ADMISSION_OK;
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++)
		if (pool->vcpus[i].used && pool->vcpus[i].owner == owner)
			pool->vcpus[i].params = old;
	return ADMISSION_REFUSED;
}

bool admission_remove(struct admission_pool *pool, uint32_t owner)
{
	bool found = false;
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++)
		if (pool->vcpus[i].used && pool->vcpus[i].owner == owner) {
			pool->vcpus[i].used = false;
			found = true;
		}
	return found;
}

bool admission_rebalance(struct admission_pool *pool, struct admission_vcpu *moved)
{
	unsigned busiest = 0, idlest = 0;
	for (unsigned c = 1; c < pool->cpu_count; c++) {
		if (admission_load(pool, c) > admission_load(pool, busiest))
			busiest = c;
		if (admission_load(pool, c) < admission_load(pool, idlest))
			idlest = c;
	}
	uint32_t high = admission_load(pool, busiest), low = admission_load(pool, idlest);
	for (unsigned i = 0; i < ADMISSION_MAX_VCPUS; i++) {
		struct admission_vcpu *v = &pool->vcpus[i];
		/* Only a move that leaves the target below where the source was helps. */
		if (!v->used || v->cpu != busiest || low + utilisation(&v->params) >= high)
			continue;
		v->cpu = (uint8_t)idlest;
		if (cpu_schedulable(pool, idlest)) {
			*moved = *v;
			return true;
		}
		v->cpu = (uint8_t)busiest;
	}
	return false;
}
