/* SPDX-License-Identifier: Apache-2.0 */
/*
 * admission: where the sched component (vmm/sched/) places the vCPUs of a pool's instances, and
 * whether it may. Policy only, no hypercall: the component applies what this decides with
 * sched.configure.
 *
 * Each vCPU is a periodic server of budget_us every period_us at a fixed priority, as Mortise
 * enforces it. A CPU admits a set of vCPUs when their utilisation stays within the pool's bound
 * and every one of them still meets its own period under fixed-priority response-time analysis
 * (Joseph and Pandya): R = C + sum over the others of equal or higher priority of
 * ceil(R / T_j) * C_j, with R <= T. Equal priorities interfere both ways (Mortise round-robins
 * them). So admitting a vCPU never breaks a running vCPU's guarantee, and an instance is placed
 * whole or not at all.
 *
 * Not thread-safe: the sched component serves one request at a time.
 */
#ifndef ADMISSION_H
#define ADMISSION_H

#include <stdbool.h>
#include <stdint.h>

#define ADMISSION_MAX_CPUS 8
#define ADMISSION_MAX_VCPUS 64 /* across the pool */
#define ADMISSION_PPM 1000000u /* utilisation is counted in parts per million of a CPU */

enum admission_status {
	ADMISSION_OK,
	ADMISSION_REFUSED,	  /* no placement keeps every vCPU's guarantee */
	ADMISSION_FULL,		  /* ADMISSION_MAX_VCPUS already placed */
	ADMISSION_BAD_ARGUMENTS,  /* zero or absurd budget, period, count; unknown owner */
	ADMISSION_STATUS_COUNT
};
const char *admission_status_name(enum admission_status status);

struct admission_params {
	uint32_t budget_us, period_us; /* 1 <= budget <= period */
	uint8_t priority;	       /* higher runs first */
};

struct admission_vcpu {
	bool used;
	uint32_t owner; /* the instance */
	uint16_t index; /* its vCPU number within the instance */
	uint8_t cpu;	/* index into pool->cpus */
	struct admission_params params;
};

struct admission_pool {
	unsigned cpu_count;
	uint32_t bound_ppm; /* utilisation no CPU may exceed */
	struct admission_vcpu vcpus[ADMISSION_MAX_VCPUS];
};

/* A pool of cpu_count CPUs (1..ADMISSION_MAX_CPUS) and its bound; false when out of range. */
bool admission_init(struct admission_pool *pool, unsigned cpu_count, uint32_t bound_ppm);
/*
 * Places vcpu_count vCPUs of owner with params, each on the CPU with the least utilisation that
 * admits it; cpu_of[i] receives vCPU i's CPU index. Nothing changes unless ADMISSION_OK.
 */
enum admission_status admission_place(struct admission_pool *pool, uint32_t owner,
				      unsigned vcpu_count, const struct admission_params *params,
				      uint8_t *cpu_of);
/* Owner's vCPUs with new params, on the CPUs they are on; nothing changes unless ADMISSION_OK. */
enum admission_status admission_change(struct admission_pool *pool, uint32_t owner,
				       const struct admission_params *params);
/* Forgets owner's vCPUs; false when it had none. */
bool admission_remove(struct admission_pool *pool, uint32_t owner);
/*
 * After a CPU frees up: one vCPU that would lower the busiest CPU's utilisation by moving to the
 * idlest one, if the idlest admits it; true with *moved set (its cpu already updated) when one
 * was moved. Call until false.
 */
bool admission_rebalance(struct admission_pool *pool, struct admission_vcpu *moved);
/* The utilisation of CPU index cpu, in ppm. */
uint32_t admission_load(const struct admission_pool *pool, unsigned cpu);

#endif
