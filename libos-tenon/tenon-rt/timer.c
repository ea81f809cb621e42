/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Time: software timers and thread timeouts share one heap per CPU, keyed by clock counter value.
 * Periodic mode: the clock interrupts every 1/TENON_TICK_HZ s and each interrupt fires what has
 * expired, so a deadline is met at the first tick at or after it. Tickless mode: the clock is
 * programmed for the earliest of the heap's first deadline and the running slice's end, and is
 * off when neither exists.
 *
 * SMP: each CPU has its own heap and programs only its own comparator (the virtual timer is per
 * CPU). A timer is armed on the CPU that starts it, a thread's timeout on the CPU it blocks on,
 * and the callback runs there, under the kernel lock; cancelling from any CPU takes the timer
 * out of whichever heap holds it and leaves that CPU's comparator to find nothing due. One global
 * heap would need a CPU to reprogram another's comparator by IPI on every earlier deadline.
 */
#include "rt_internal.h"

static uint64_t clock_frequency;
uint64_t tenon_time_slice_counts;

uint64_t tenon_time_ns_to_counts(uint64_t ns)
{
	/* Split so that neither product overflows for counters up to 18 GHz; rounds up. */
	uint64_t seconds = ns / 1000000000u, rest = ns % 1000000000u;

	if (clock_frequency != 0 && seconds > UINT64_MAX / clock_frequency - 1)
		return UINT64_MAX;
	return seconds * clock_frequency + (rest * clock_frequency + 999999999u) / 1000000000u;
}

uint64_t tenon_time_counts_to_ns(uint64_t counts)
{
	if (clock_frequency == 0)
		return 0;
	uint64_t seconds = counts / clock_frequency, rest = counts % clock_frequency;

	if (seconds > UINT64_MAX / 1000000000u - 1)
		return UINT64_MAX;
	return seconds * 1000000000u + rest * 1000000000u / clock_frequency;
}

uint64_t tenon_time_deadline_after(uint64_t ns)
{
	if (ns == TENON_WAIT_FOREVER)
		return UINT64_MAX;
	uint64_t now = tenon_arch_clock_now(), counts = tenon_time_ns_to_counts(ns);

	return counts >= UINT64_MAX - now ? UINT64_MAX - 1 : now + counts;
}

uint64_t tenon_time_deadline_at(uint64_t time_ns)
{
	uint64_t origin = tenon_this_cpu()->time_origin, counts = tenon_time_ns_to_counts(time_ns);

	return counts >= UINT64_MAX - origin ? UINT64_MAX - 1 : origin + counts;
}

void tenon_time_reprogram(struct tenon_cpu *cpu)
{
	if (!TENON_TICKLESS || clock_frequency == 0)
		return;
	struct tenon_timer *first = tenon_timer_heap_top(&cpu->timers);
	uint64_t deadline = first != NULL ? first->deadline : UINT64_MAX;
	/* A slice only needs ending when an equal is waiting for its turn. */
	if (cpu->slice_end < deadline && cpu->current != NULL &&
	    tenon_readyq_has(&cpu->ready, cpu->current->priority))
		deadline = cpu->slice_end;
	cpu->clock_deadline = deadline;
	tenon_arch_clock_program(deadline);
}

bool tenon_timer_arm(struct tenon_cpu *cpu, struct tenon_timer *timer, uint64_t deadline)
{
	struct tenon_timer *first = tenon_timer_heap_top(&cpu->timers);

	if (!tenon_timer_heap_insert(&cpu->timers, timer, deadline))
		return false;
	if (first == NULL || deadline < first->deadline)
		tenon_time_reprogram(cpu);
	return true;
}

bool tenon_timer_disarm(struct tenon_cpu *cpu, struct tenon_timer *timer)
{
	/* A later interrupt for a cancelled first deadline finds nothing due and reprograms:
	 * cheaper than reprogramming on every cancel, and with several CPUs the only way, as a
	 * CPU programs its own comparator alone. A heap that does not hold the timer is left as it
	 * is (its slot check), so trying every CPU's is safe: at most TENON_SMP_CPUS tries. */
	if (tenon_timer_heap_remove(&cpu->timers, timer))
		return true;
#if CONFIG_TENON_SMP_CPUS > 1
	for (unsigned i = 0; i < CONFIG_TENON_SMP_CPUS; i++)
		if (&tenon_cpus[i] != cpu && tenon_timer_heap_remove(&tenon_cpus[i].timers, timer))
			return true;
#endif
	return false;
}

void tenon_timer_init(struct tenon_timer *timer, tenon_timer_callback callback, void *arg)
{
	tenon_timer_reset(timer, callback, arg);
}

enum tenon_status tenon_timer_start(struct tenon_timer *timer, uint64_t delay_ns,
				    uint64_t period_ns)
{
	if (timer == NULL || timer->callback == NULL || delay_ns == TENON_WAIT_FOREVER)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = tenon_this_cpu();

	/* (Re)armed on the calling CPU, wherever it was armed before. */
	tenon_timer_disarm(cpu, timer);
	timer->period = period_ns != 0 ? tenon_time_ns_to_counts(period_ns) : 0;
	enum tenon_status status = tenon_timer_arm(cpu, timer, tenon_time_deadline_after(delay_ns)) ?
					   TENON_OK :
					   TENON_ERR_NO_SPACE;
	tenon_unlock(saved);
	return status;
}

enum tenon_status tenon_timer_stop(struct tenon_timer *timer)
{
	if (timer == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	bool was_armed = tenon_timer_disarm(tenon_this_cpu(), timer);

	tenon_unlock(saved);
	return was_armed ? TENON_OK : TENON_ERR_STATE;
}

uint32_t tenon_timers_armed(void)
{
#if CONFIG_TENON_SMP_CPUS > 1
	uint32_t total = 0;

	for (unsigned i = 0; i < CONFIG_TENON_SMP_CPUS; i++)
		total += __atomic_load_n(&tenon_cpus[i].timers.count, __ATOMIC_RELAXED);
	return total;
#else
	return __atomic_load_n(&tenon_this_cpu()->timers.count, __ATOMIC_RELAXED);
#endif
}

static uint64_t tick_counts(void)
{
	return clock_frequency / CONFIG_TENON_TICK_HZ;
}

void tenon_time_start(void)
{
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = tenon_this_cpu();

	clock_frequency = tenon_arch_clock_frequency();
	tenon_time_slice_counts = tenon_time_ns_to_counts((uint64_t)CONFIG_TENON_TIME_SLICE_US * 1000u);
	cpu->time_origin = tenon_arch_clock_now();
	if (TENON_TICKLESS) {
		tenon_time_reprogram(cpu);
	} else {
		cpu->next_tick = cpu->time_origin + tick_counts();
		tenon_arch_clock_program(cpu->next_tick);
	}
	tenon_unlock(saved);
}

void tenon_time_start_cpu(struct tenon_cpu *cpu)
{
	/* One time base for all: the counter is system-wide (Arm ARM D11.1.2), so ticks stay in
	 * step across CPUs. */
	cpu->time_origin = tenon_cpus[0].time_origin;
	if (TENON_TICKLESS) {
		tenon_time_reprogram(cpu);
	} else {
		uint64_t now = tenon_arch_clock_now(), period = tick_counts();
		cpu->next_tick = cpu->time_origin + ((now - cpu->time_origin) / period + 1) * period;
		tenon_arch_clock_program(cpu->next_tick);
	}
}

uint64_t tenon_time_now_ns(void)
{
	return tenon_time_counts_to_ns(tenon_arch_clock_now() - tenon_this_cpu()->time_origin);
}

uint64_t tenon_time_ticks(void)
{
	uint64_t period = tick_counts();

	return period == 0 ? 0 : (tenon_arch_clock_now() - tenon_this_cpu()->time_origin) / period;
}

static void fire_expired(struct tenon_cpu *cpu, uint64_t now)
{
	for (struct tenon_timer *timer; (timer = tenon_timer_heap_pop_expired(&cpu->timers, now));) {
		if (timer->period != 0) {
			/* Keep the cadence; skip whole periods missed rather than firing a burst. */
			uint64_t next = timer->deadline + timer->period;
			if (next <= now)
				next += (now - next) / timer->period * timer->period + timer->period;
			tenon_timer_heap_insert(&cpu->timers, timer, next);
		}
		timer->callback(timer, timer->arg);
	}
}

void tenon_time_interrupt(void)
{
	/* The dispatcher may have unmasked interrupts for nesting; the heap and the slice are
	 * shared with any handler that nests above this one. */
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = tenon_this_cpu();
	uint64_t now = tenon_arch_clock_now();

	if (!TENON_TICKLESS) {
		/* Deadlines advance by whole periods, so a late interrupt does not drift the tick. */
		do
			cpu->next_tick += tick_counts();
		while (cpu->next_tick <= now);
		tenon_arch_clock_program(cpu->next_tick);
	}
	fire_expired(cpu, now);
	struct tenon_thread *current = cpu->current;
	if (current != NULL && current != cpu->idle && now >= cpu->slice_end) {
		if (current->preempt_lock == 0 && current->state == TENON_THREAD_RUNNING &&
		    tenon_readyq_has(&cpu->ready, current->priority)) {
			cpu->rotate = true;
			cpu->need_resched = true;
		} else {
			/* Reprogrammed below in any case. */
			(void)tenon_time_slice_restart(cpu);
		}
	}
	tenon_time_reprogram(cpu);
	tenon_unlock(saved);
}
