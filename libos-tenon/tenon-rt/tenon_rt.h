/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-rt: Tenon's real-time kernel. Fixed-priority preemptive scheduling (0 = most urgent,
 * TENON_PRIORITIES levels) with a preemption lock, cooperative yield and optional round-robin among
 * equals; threads on caller-supplied storage; counting semaphores, mutexes with transitive
 * priority inheritance, message queues, event flags; software timers on an O(log n) heap, driven by
 * a periodic tick or tickless (Kconfig). No allocation anywhere.
 *
 * Context rules: every call may be made from a thread. From an interrupt handler only the
 * non-blocking ones: tenon_sem_give, tenon_event_set/clear, tenon_msgq_send/receive with
 * TENON_NO_WAIT, tenon_thread_resume, tenon_timer_start/stop, tenon_deferred_queue and the time
 * queries; a blocking call from an interrupt returns TENON_ERR_IN_INTERRUPT. Timer callbacks run in
 * the timer interrupt, with interrupts masked. Deferred work counts as interrupt context too.
 *
 * With TENON_SMP_CPUS > 1 every call may be made on any CPU; each CPU schedules the threads that
 * belong to it (see tenon_thread_create_on), and objects (semaphores, mutexes, ...) are shared by
 * all CPUs under one kernel lock.
 */
#ifndef TENON_RT_H
#define TENON_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deferq.h"
#include "readyq.h"
#include "tenon_arch.h"
#include "tenon_config.h"
#include "tenon_list.h"
#include "timer_heap.h"

enum tenon_status {
	TENON_OK,
	TENON_ERR_INVALID, /* a NULL object, bad priority, size or option */
	TENON_ERR_TIMEOUT, /* the timeout passed before the condition came */
	TENON_ERR_WOULD_BLOCK, /* TENON_NO_WAIT and the condition does not hold now */
	TENON_ERR_IN_INTERRUPT, /* a call that may block, made from an interrupt handler */
	TENON_ERR_NOT_OWNER, /* unlocking a mutex the caller does not hold */
	TENON_ERR_DEADLOCK, /* locking would wait for the caller itself */
	TENON_ERR_CHAIN_TOO_DEEP, /* blocking chain longer than TENON_MUTEX_MAX_CHAIN */
	TENON_ERR_STATE, /* wrong thread state: join self, resume a running thread, ... */
	TENON_ERR_OVERFLOW, /* semaphore at its maximum, recursive lock count at its limit */
	TENON_ERR_NO_SPACE, /* timer heap full (TENON_TIMER_CAPACITY) */
	TENON_STATUS_COUNT,
};

const char *tenon_status_name(enum tenon_status status);

/* Timeouts in nanoseconds. */
#define TENON_NO_WAIT 0ULL
#define TENON_WAIT_FOREVER UINT64_MAX

enum tenon_thread_state {
	TENON_THREAD_UNUSED,
	TENON_THREAD_READY,
	TENON_THREAD_RUNNING,
	TENON_THREAD_BLOCKED, /* on a wait queue, sleeping, or joining */
	TENON_THREAD_SUSPENDED,
	TENON_THREAD_EXITED,
};

/* Waiters ordered by effective priority, FIFO among equals. */
struct tenon_waitq {
	struct tenon_list waiters;
};

struct tenon_cpu;
struct tenon_mutex;

struct tenon_thread {
	struct tenon_arch_context context;
	struct tenon_list queue_node; /* in a ready queue or a wait queue */
	struct tenon_timer timeout;
	struct tenon_cpu *cpu;
	const char *name;
	void (*entry)(void *arg);
	void *arg;
	unsigned base_priority;
	unsigned priority; /* effective: base, or inherited through mutexes */
	enum tenon_thread_state state;
	bool suspend_requested;
	unsigned preempt_lock; /* tenon_sched_lock nesting */
	struct tenon_waitq *waiting_on;
	struct tenon_mutex *blocked_on_mutex;
	struct tenon_list held_mutexes;
	enum tenon_status wait_status;
	void *wait_buffer;
	uint32_t wait_bits;
	uint32_t wait_options;
	struct tenon_waitq joiners;
	void *stack;
	size_t stack_size;
};

/* Thread plus its stack as static storage (no allocation): TENON_THREAD_STORAGE(worker, 8192). */
#define TENON_THREAD_STORAGE(var, stack_bytes)                                                    \
	static struct tenon_thread var;                                                           \
	static uint8_t var##_stack[(stack_bytes)] __attribute__((aligned(16)))

/*
 * Turns the caller (the boot context, interrupts masked) into the first thread, main, at
 * priority, and creates the idle thread. Call once before any other tenon_* call; then start the
 * clock (tenon_time_start) and unmask interrupts.
 */
enum tenon_status tenon_kernel_init(struct tenon_thread *main, const char *name, unsigned priority);

/* Threads. stack must be 16-byte aligned storage of at least 1 KiB that outlives the thread. */
enum tenon_status tenon_thread_create(struct tenon_thread *thread, const char *name,
				      void (*entry)(void *arg), void *arg, unsigned priority,
				      void *stack, size_t stack_size);
/* Returning from entry does the same. Mutexes still held stay locked. */
_Noreturn void tenon_thread_exit(void);
/* Waits until thread has exited; its storage may then be reused. */
enum tenon_status tenon_thread_join(struct tenon_thread *thread, uint64_t timeout_ns);
struct tenon_thread *tenon_thread_self(void);
void tenon_thread_yield(void);
enum tenon_status tenon_thread_sleep_ns(uint64_t ns);
enum tenon_status tenon_thread_sleep_ticks(uint64_t ticks);
/* Sleeps until tenon_time_now_ns() reaches time_ns: an absolute release, so a periodic thread that
 * adds its period to the previous release does not drift by its own run time. A time already
 * passed returns TENON_OK at once. */
enum tenon_status tenon_thread_sleep_until_ns(uint64_t time_ns);
/* Stops thread (the caller too) until tenon_thread_resume; a blocked thread finishes its wait
 * first, then stays stopped. */
enum tenon_status tenon_thread_suspend(struct tenon_thread *thread);
enum tenon_status tenon_thread_resume(struct tenon_thread *thread);
enum tenon_status tenon_thread_set_priority(struct tenon_thread *thread, unsigned priority);
/* The effective priority (inheritance included). */
unsigned tenon_thread_priority(const struct tenon_thread *thread);
enum tenon_thread_state tenon_thread_state(const struct tenon_thread *thread);

/*
 * CPUs (TENON_SMP_CPUS > 1; with 1 every thread is on CPU 0 and these calls only accept 0).
 * CPU 0 is the boot CPU; the others are numbered as the platform brought them up. A thread
 * belongs to one CPU and runs only there: tenon_thread_create puts it on the caller's CPU,
 * tenon_thread_create_on on the one named. Each CPU schedules its own threads by priority; a
 * thread woken from another CPU (or by another CPU's interrupt) that is more urgent than the one
 * its CPU runs preempts it through a reschedule interrupt (SGI).
 */
enum tenon_status tenon_thread_create_on(struct tenon_thread *thread, const char *name,
					 void (*entry)(void *arg), void *arg, unsigned priority,
					 void *stack, size_t stack_size, unsigned cpu);
/* Moves thread to cpu (TENON_ERR_INVALID if that CPU is not running Tenon): a ready thread goes
 * to the back of its priority on cpu's queue, a blocked or suspended one goes there when it
 * becomes ready, a running one is switched out at its CPU's next preemption point (at once for
 * the caller itself, unless preemption is locked or in an interrupt handler). */
enum tenon_status tenon_thread_set_cpu(struct tenon_thread *thread, unsigned cpu);
/* The CPU thread belongs to (where it runs, unless a move is pending). */
unsigned tenon_thread_cpu(const struct tenon_thread *thread);
/* The CPU the caller runs on: stable while interrupts are masked or preemption is locked. */
unsigned tenon_cpu_index(void);
unsigned tenon_cpus_online(void);
/* SMP platform glue: on a secondary CPU whose exception vectors, interrupt controller and
 * tenon_arch_cpu_index() are set up, with interrupts masked: makes the caller that CPU's idle
 * thread (its stack is the idle stack), starts its clock and never returns. */
_Noreturn void tenon_cpu_start_secondary(unsigned cpu);
/* The reschedule SGI's handler (run as interrupt context). */
void tenon_reschedule_interrupt(void);

/* Preemption lock of the calling thread: nests; interrupts still run. The caller may still block
 * or yield (the lock is per thread and comes back with it). */
void tenon_sched_lock(void);
void tenon_sched_unlock(void);
uint64_t tenon_sched_context_switches(void);

#ifdef CONFIG_TENON_SEMAPHORES /* declared only where built (libos-tenon/Kconfig) */
/* Counting semaphore. */
struct tenon_semaphore {
	struct tenon_waitq waiters;
	uint32_t count;
	uint32_t max;
};
enum tenon_status tenon_sem_init(struct tenon_semaphore *sem, uint32_t initial, uint32_t max);
enum tenon_status tenon_sem_take(struct tenon_semaphore *sem, uint64_t timeout_ns);
/* Wakes the most urgent waiter, else counts up; TENON_ERR_OVERFLOW at max. ISR-safe. */
enum tenon_status tenon_sem_give(struct tenon_semaphore *sem);
uint32_t tenon_sem_count(const struct tenon_semaphore *sem);
#endif

/* Mutex: owned, waiters served most urgent first. */
#define TENON_MUTEX_INHERIT 0x1u /* priority inheritance (when TENON_MUTEX_PI is built in) */
#define TENON_MUTEX_RECURSIVE 0x2u /* the owner may lock again; unlocks must match */
struct tenon_mutex {
	struct tenon_thread *owner;
	struct tenon_waitq waiters;
	struct tenon_list held_node; /* in owner->held_mutexes */
	uint32_t lock_count;
	uint32_t flags;
};
enum tenon_status tenon_mutex_init(struct tenon_mutex *mutex, uint32_t flags);
enum tenon_status tenon_mutex_lock(struct tenon_mutex *mutex, uint64_t timeout_ns);
enum tenon_status tenon_mutex_unlock(struct tenon_mutex *mutex);
struct tenon_thread *tenon_mutex_owner(const struct tenon_mutex *mutex);

#ifdef CONFIG_TENON_MESSAGE_QUEUES
/* Message queue of fixed-size messages in a caller-supplied ring (capacity * message_size bytes).
 * A message for a waiting receiver goes straight to it; FIFO order is kept. */
struct tenon_msgq {
	struct tenon_waitq senders;
	struct tenon_waitq receivers;
	uint8_t *ring;
	size_t message_size;
	uint32_t capacity;
	uint32_t count;
	uint32_t head;
};
enum tenon_status tenon_msgq_init(struct tenon_msgq *queue, void *ring, size_t message_size,
				  uint32_t capacity);
enum tenon_status tenon_msgq_send(struct tenon_msgq *queue, const void *message,
				  uint64_t timeout_ns);
enum tenon_status tenon_msgq_receive(struct tenon_msgq *queue, void *message, uint64_t timeout_ns);
uint32_t tenon_msgq_count(const struct tenon_msgq *queue);
#endif

#ifdef CONFIG_TENON_EVENT_FLAGS
/* Event flags: 32 bits; waiters wait for any or all of a mask. */
#define TENON_EVENT_ANY 0x0u
#define TENON_EVENT_ALL 0x1u
#define TENON_EVENT_CLEAR 0x2u /* clear the bits that satisfied the wait */
struct tenon_events {
	struct tenon_waitq waiters;
	uint32_t bits;
};
enum tenon_status tenon_event_init(struct tenon_events *events);
/* ISR-safe; wakes every waiter whose condition now holds. */
enum tenon_status tenon_event_set(struct tenon_events *events, uint32_t bits);
enum tenon_status tenon_event_clear(struct tenon_events *events, uint32_t bits);
/* *observed (may be NULL) gets the bits at the moment the wait was satisfied. */
enum tenon_status tenon_event_wait(struct tenon_events *events, uint32_t mask, uint32_t options,
				   uint64_t timeout_ns, uint32_t *observed);
uint32_t tenon_event_bits(const struct tenon_events *events);
#endif

/* Software timers: callback runs in the timer interrupt, period_ns 0 = one-shot. */
void tenon_timer_init(struct tenon_timer *timer, tenon_timer_callback callback, void *arg);
/* (Re)arms: first firing delay_ns from now. */
enum tenon_status tenon_timer_start(struct tenon_timer *timer, uint64_t delay_ns,
				    uint64_t period_ns);
/* TENON_ERR_STATE if it was not armed (already fired or stopped). */
enum tenon_status tenon_timer_stop(struct tenon_timer *timer);
uint32_t tenon_timers_armed(void);

/* Time. */
/* Programs the first clock interrupt; the platform routes the clock interrupt to
 * tenon_time_interrupt, a handler run as interrupt context. */
void tenon_time_start(void);
uint64_t tenon_time_now_ns(void);
/* Ticks (1 / TENON_TICK_HZ s) since tenon_time_start. */
uint64_t tenon_time_ticks(void);
uint64_t tenon_time_ns_to_counts(uint64_t ns);
uint64_t tenon_time_counts_to_ns(uint64_t counts);

/*
 * Interrupt handlers run as interrupt context, entered and left by the architecture's interrupt
 * entry (tenon_arch.h, "Interrupt entry"). Preemption decided during a handler happens at exit,
 * after the end-of-interrupt. Handlers nest by priority: a handler runs with interrupts unmasked
 * while another level is allowed, and the interrupt controller then lets only a more urgent
 * interrupt in. At most TENON_IRQ_MAX_NESTING handlers are stacked, so every thread's stack must
 * hold that many interrupt frames on top of its own use. The outermost exit runs the deferred
 * work queued meanwhile, then switches threads if a more urgent one became ready.
 */
bool tenon_in_interrupt(void);
/* Handlers (deferred work included) active on this CPU: 0 in a thread. */
unsigned tenon_interrupt_depth(void);
void tenon_time_interrupt(void);

/* Deferred work: work(arg) runs once after the outermost interrupt handler returns, interrupts
 * unmasked (when nesting is allowed), before any thread resumes; it may not block. */
enum tenon_status tenon_deferred_init(struct tenon_deferred *item, void (*work)(void *arg),
				      void *arg);
/* ISR-safe. Queuing an item already queued does nothing. From a thread the queue runs at once,
 * in the caller, with the caller's interrupt mask. */
enum tenon_status tenon_deferred_queue(struct tenon_deferred *item);

#endif
