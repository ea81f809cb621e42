/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sync: memory barriers, event wait/signal and a ticket spinlock.
 *
 * The ticket lock is FIFO-fair, so no CPU starves behind the others (a real-time requirement), and
 * waiters sleep in WFE until unlock's SEV. A waiter that misses the SEV does not hang: SEV sets the
 * event register, so the waiter's next WFE returns at once (Arm ARM D1.6.1, "Wait for Event").
 * Under QEMU -icount a spinning CPU would starve the owner of emulated time; WFE yields it.
 */
#ifndef SYNC_H
#define SYNC_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__aarch64__)
#define barrier_full() __asm__ volatile("dsb sy" ::: "memory")
#define barrier_store() __asm__ volatile("dsb st" ::: "memory")
#define barrier_smp() __asm__ volatile("dmb ish" ::: "memory")
#define barrier_instruction() __asm__ volatile("isb" ::: "memory")
#define event_wait() __asm__ volatile("wfe" ::: "memory")
#define event_signal() __asm__ volatile("sev" ::: "memory")
/*
 * A polling loop's hint that it waits for another CPU (YIELD, Arm ARM C6.2): QEMU's round-robin
 * then runs the next CPU instead of the rest of this one's -icount slice.
 */
#define spin_pause() __asm__ volatile("yield" ::: "memory")
#else
#include <sched.h>
#define barrier_full() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define barrier_store() __atomic_thread_fence(__ATOMIC_RELEASE)
#define barrier_smp() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define barrier_instruction() __atomic_signal_fence(__ATOMIC_SEQ_CST)
/* A host thread waiting its turn gives the CPU to the ticket holder, as WFE does under QEMU. */
#define event_wait() sched_yield()
#define spin_pause() sched_yield()
#define event_signal() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif

struct spinlock {
	uint16_t owner;
	uint16_t next;
};

#define SPINLOCK_INIT {0, 0}

static inline void spinlock_init(struct spinlock *lock)
{
	__atomic_store_n(&lock->owner, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&lock->next, 0, __ATOMIC_RELAXED);
}

static inline void spin_lock(struct spinlock *lock)
{
	uint16_t ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		event_wait();
}

static inline bool spin_trylock(struct spinlock *lock)
{
	uint16_t owner = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);
	uint16_t expected = owner;

	return __atomic_compare_exchange_n(&lock->next, &expected, (uint16_t)(owner + 1), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(struct spinlock *lock)
{
	uint16_t owner = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);

	__atomic_store_n(&lock->owner, (uint16_t)(owner + 1), __ATOMIC_RELEASE);
	event_signal();
}

static inline bool spin_is_locked(struct spinlock *lock)
{
	return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->next, __ATOMIC_RELAXED);
}

#endif
