/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The porting interface of the RTOS benchmark suite: everything latency_measure.c, thread_metric.c
 * and paper_rows.c ask of an RTOS. Another RTOS is measured by the same code once it implements
 * this header (port_tenon.c is Tenon's). Cycles and reports come from shared-libs/bench (PMCCNTR,
 * independent of the RTOS).
 *
 * Objects live in pools the port owns (no allocation): create hands out the next free one and
 * bench_port_reset takes them all back between tests, once every created thread has exited.
 * Priorities are levels 0 (most urgent) .. BENCH_LEVELS - 1; the measuring main thread runs more
 * urgent than every level, so it decides when a test starts and ends.
 * Every call is made from a thread unless it says "ISR-safe".
 */
#ifndef BENCH_PORT_H
#define BENCH_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BENCH_LEVELS 8
/* Enough for the paper's 100-thread switch test plus the orchestration around it. */
#define BENCH_MAX_THREADS 104
#define BENCH_MAX_TIMERS 10016
/* The memory test's block size (Thread-Metric allocates 128 bytes). */
#define BENCH_BLOCK_SIZE 128
/* Messages are 16 bytes, Thread-Metric's size. */
#define BENCH_MESSAGE_SIZE 16

struct bench_thread;
struct bench_sem;
struct bench_mutex;
struct bench_queue;
struct bench_events;
struct bench_timer;

/* Called once from the main thread, after the RTOS is up; the main thread is already more urgent
 * than level 0. */
void bench_port_init(void);
/* A short description for the log: RTOS name and tick mode. */
const char *bench_port_describe(void);
/* Whether the kernel was built tickless (timer rows are named after it). */
bool bench_port_tickless(void);
/* Takes back every object; every thread created since the last reset must have exited. */
void bench_port_reset(void);
_Noreturn void bench_port_power_off(void);

/* Threads. A created thread starts at once if more urgent than the caller. */
struct bench_thread *bench_thread_create(void (*entry)(void *arg), void *arg, unsigned level);
void bench_thread_yield(void);
/* Suspends thread (the caller itself included) until bench_thread_resume. */
void bench_thread_suspend(struct bench_thread *thread);
/* ISR-safe. */
void bench_thread_resume(struct bench_thread *thread);
/* Whether bench_thread_abort exists; without it the suite times a thread ending itself. */
bool bench_port_has_thread_abort(void);
void bench_thread_abort(struct bench_thread *thread);
_Noreturn void bench_thread_exit(void);
/* Waits until thread has exited. */
void bench_thread_join(struct bench_thread *thread);
void bench_thread_sleep_ns(uint64_t ns);

/* Counting semaphore; give is ISR-safe. */
struct bench_sem *bench_sem_create(uint32_t initial);
void bench_sem_give(struct bench_sem *sem);
void bench_sem_take(struct bench_sem *sem);

/* Mutex; inherit asks for priority inheritance. */
struct bench_mutex *bench_mutex_create(bool inherit);
void bench_mutex_lock(struct bench_mutex *mutex);
void bench_mutex_unlock(struct bench_mutex *mutex);

/* Queue of BENCH_MESSAGE_SIZE-byte messages; both block while full / empty. */
struct bench_queue *bench_queue_create(uint32_t capacity);
void bench_queue_send(struct bench_queue *queue, const void *message);
void bench_queue_receive(struct bench_queue *queue, void *message);

/* Event flags; set is ISR-safe; wait returns when any bit of mask is set and clears them. */
struct bench_events *bench_events_create(void);
void bench_events_set(struct bench_events *events, uint32_t bits);
void bench_events_wait_any(struct bench_events *events, uint32_t mask);

/* Software timers; callback runs in interrupt context; period_ns 0 = one-shot. */
struct bench_timer *bench_timer_create(void (*callback)(void *arg), void *arg);
void bench_timer_start(struct bench_timer *timer, uint64_t delay_ns, uint64_t period_ns);
void bench_timer_stop(struct bench_timer *timer);

/* Fixed-size blocks of BENCH_BLOCK_SIZE bytes (Thread-Metric's memory test). */
void *bench_block_alloc(void);
void bench_block_free(void *block);

/*
 * A software-triggered interrupt whose handler is isr. bench_irq_trigger raises it and returns
 * after the handler has run (and after any switch the handler caused). bench_irq_trigger_timed
 * raises it with interrupts masked, then returns the cycle count read just before unmasking, so
 * the interval to the handler starts at a known instruction. bench_irq_entry_cycles is the cycle
 * count taken when the last interrupt's context had been saved (before dispatch), 0 if the port
 * cannot see that point.
 */
void bench_irq_install(void (*isr)(void));
void bench_irq_trigger(void);
uint64_t bench_irq_trigger_timed(void);
uint64_t bench_irq_entry_cycles(void);

#endif
