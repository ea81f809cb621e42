/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_port.h on tenon-rt. Levels 0..BENCH_LEVELS-1 are Tenon priorities PORT_FIRST_PRIORITY..;
 * main runs at PORT_MAIN_PRIORITY, more urgent than all of them. The interrupt's save phase ends
 * at the port's handler, the first C code of Tenon's IRQ entry.
 *
 * The software-triggered interrupt is the EL1 physical timer (Tenon's clock is the virtual one)
 * armed with a deadline already passed: a private interrupt this CPU's software owns outright,
 * bare or on a dedicated Mortise vCPU, raised by two register writes that never leave EL1. A
 * self-SGI would be one write on bare metal, but under a GICv3 hypervisor ICC_SGI1R_EL1 traps to
 * EL2 (test/irq-guest measures that trap), and the Thread-Metric interrupt tests time the RTOS's
 * interrupt processing, not the hypervisor's.
 */
#include "bench_port.h"

#include "bench.h"
#include "block_pool.h"
#include "boot.h"
#include "console.h"
#include "cpu.h"
#include "gtimer.h"
#include "suite.h"
#include "sync.h"
#include "tenon.h"

#define PORT_MAIN_PRIORITY 1u
#define PORT_FIRST_PRIORITY 2u
#define PORT_STACK_SIZE 8192u
/* More urgent than the clock (0x80): a tick never delays the measured interrupt. */
#define PORT_IRQ_PRIORITY 0x40
#define PORT_SEMS 16
#define PORT_MUTEXES 8
#define PORT_QUEUES 4
#define PORT_QUEUE_CAPACITY 16
#define PORT_EVENTS 4
#define PORT_BLOCKS 16

_Static_assert(PORT_FIRST_PRIORITY + BENCH_LEVELS <= CONFIG_TENON_PRIORITIES, "levels fit Tenon");
_Static_assert(BENCH_MAX_TIMERS + BENCH_MAX_THREADS <= CONFIG_TENON_TIMER_CAPACITY,
	       "the timer heap holds every bench timer and every thread timeout");

struct bench_thread {
	struct tenon_thread thread;
	uint8_t stack[PORT_STACK_SIZE] __attribute__((aligned(16)));
};
struct bench_sem {
	struct tenon_semaphore sem;
};
struct bench_mutex {
	struct tenon_mutex mutex;
};
struct bench_queue {
	struct tenon_msgq queue;
	uint8_t ring[PORT_QUEUE_CAPACITY * BENCH_MESSAGE_SIZE] __attribute__((aligned(16)));
};
struct bench_events {
	struct tenon_events events;
};
struct bench_timer {
	struct tenon_timer timer;
	void (*callback)(void *arg);
	void *arg;
};

static struct bench_thread threads[BENCH_MAX_THREADS];
static struct bench_sem sems[PORT_SEMS];
static struct bench_mutex mutexes[PORT_MUTEXES];
static struct bench_queue queues[PORT_QUEUES];
static struct bench_events events_pool[PORT_EVENTS];
static struct bench_timer timers[BENCH_MAX_TIMERS];
static unsigned threads_used, sems_used, mutexes_used, queues_used, events_used, timers_used;

static uint64_t block_storage[PORT_BLOCKS * BENCH_BLOCK_SIZE / sizeof(uint64_t)];
static struct block_pool blocks;

static void (*port_isr)(void);
static volatile uint64_t irq_entry_cycles;

/* A pool running dry or a call the port lacks is a bug in the suite: say so and stop rather than
 * measure nonsense. */
static _Noreturn void stop_suite(const char *why)
{
	console_printf("bench port: %s\n", why);
	tenon_power_off();
}

static void check(enum tenon_status status, const char *call)
{
	if (status != TENON_OK) {
		console_printf("bench port: %s: %s\n", call, tenon_status_name(status));
		tenon_power_off();
	}
}

/*
 * The port's handler, the first C code Tenon's IRQ entry runs, which acknowledged the interrupt,
 * found this handler and entered interrupt context in its stub: the stamp that ends the "save"
 * phase comes first. It then quiets the source, as an ISR for a level interrupt does: the timer
 * stays asserted until disabled, and must not be by the EOI. The register itself rather than
 * gtimer_disable's choice among timers, since the source is known; then the suite's ISR, whose
 * return is the RTOS's again.
 */
static void software_irq_handler(uint32_t intid)
{
	irq_entry_cycles = bench_cycles();
	(void)intid;
	sysreg_write(cntp_ctl_el0, 0);
	barrier_instruction();
	void (*isr)(void) = port_isr;
	if (isr != NULL)
		isr();
}

static void software_irq_raise(void)
{
	gtimer_arm_at(GTIMER_EL1_PHYSICAL, 0);
}

void bench_port_init(void)
{
	block_pool_init(&blocks, block_storage, BENCH_BLOCK_SIZE, PORT_BLOCKS);
	irq_register(platform_description()->timer.el1_physical_intid, software_irq_handler,
		     PORT_IRQ_PRIORITY);
	bench_counter_start();
}

const char *bench_port_describe(void)
{
	return TENON_TICKLESS ? "tenon-rt " TENON_VERSION ", tickless" :
				"tenon-rt " TENON_VERSION ", periodic tick";
}

bool bench_port_tickless(void)
{
	return TENON_TICKLESS;
}

void bench_port_reset(void)
{
	for (unsigned i = 0; i < threads_used; i++)
		if (tenon_thread_state(&threads[i].thread) != TENON_THREAD_EXITED)
			stop_suite("a test left a thread running at reset");
	for (unsigned i = 0; i < timers_used; i++)
		tenon_timer_stop(&timers[i].timer);
	threads_used = sems_used = mutexes_used = queues_used = events_used = timers_used = 0;
	port_isr = NULL;
}

_Noreturn void bench_port_power_off(void)
{
	tenon_power_off();
}

struct bench_thread *bench_thread_create(void (*entry)(void *arg), void *arg, unsigned level)
{
	if (threads_used == BENCH_MAX_THREADS)
		stop_suite("out of threads");
	struct bench_thread *thread = &threads[threads_used++];
	check(tenon_thread_create(&thread->thread, "bench", entry, arg, PORT_FIRST_PRIORITY + level,
				  thread->stack, sizeof(thread->stack)),
	      "tenon_thread_create");
	return thread;
}

void bench_thread_yield(void)
{
	tenon_thread_yield();
}

void bench_thread_suspend(struct bench_thread *thread)
{
	tenon_thread_suspend(&thread->thread);
}

void bench_thread_resume(struct bench_thread *thread)
{
	tenon_thread_resume(&thread->thread);
}

/* tenon-rt ends a thread only from inside it (tenon_thread_exit): no abort of another. */
bool bench_port_has_thread_abort(void)
{
	return false;
}

void bench_thread_abort(struct bench_thread *thread)
{
	(void)thread;
	stop_suite("thread abort asked of tenon-rt, which has none");
}

_Noreturn void bench_thread_exit(void)
{
	tenon_thread_exit();
}

void bench_thread_join(struct bench_thread *thread)
{
	check(tenon_thread_join(&thread->thread, TENON_WAIT_FOREVER), "tenon_thread_join");
}

void bench_thread_sleep_ns(uint64_t ns)
{
	tenon_thread_sleep_ns(ns);
}

struct bench_sem *bench_sem_create(uint32_t initial)
{
	if (sems_used == PORT_SEMS)
		stop_suite("out of semaphores");
	struct bench_sem *sem = &sems[sems_used++];
	check(tenon_sem_init(&sem->sem, initial, UINT32_MAX), "tenon_sem_init");
	return sem;
}

void bench_sem_give(struct bench_sem *sem)
{
	tenon_sem_give(&sem->sem);
}

void bench_sem_take(struct bench_sem *sem)
{
	tenon_sem_take(&sem->sem, TENON_WAIT_FOREVER);
}

struct bench_mutex *bench_mutex_create(bool inherit)
{
	if (mutexes_used == PORT_MUTEXES)
		stop_suite("out of mutexes");
	struct bench_mutex *mutex = &mutexes[mutexes_used++];
	check(tenon_mutex_init(&mutex->mutex, inherit ? TENON_MUTEX_INHERIT : 0), "tenon_mutex_init");
	return mutex;
}

void bench_mutex_lock(struct bench_mutex *mutex)
{
	tenon_mutex_lock(&mutex->mutex, TENON_WAIT_FOREVER);
}

void bench_mutex_unlock(struct bench_mutex *mutex)
{
	tenon_mutex_unlock(&mutex->mutex);
}

struct bench_queue *bench_queue_create(uint32_t capacity)
{
	if (queues_used == PORT_QUEUES || capacity > PORT_QUEUE_CAPACITY)
		stop_suite("out of queues");
	struct bench_queue *queue = &queues[queues_used++];
	check(tenon_msgq_init(&queue->queue, queue->ring, BENCH_MESSAGE_SIZE, capacity),
	      "tenon_msgq_init");
	return queue;
}

void bench_queue_send(struct bench_queue *queue, const void *message)
{
	tenon_msgq_send(&queue->queue, message, TENON_WAIT_FOREVER);
}

void bench_queue_receive(struct bench_queue *queue, void *message)
{
	tenon_msgq_receive(&queue->queue, message, TENON_WAIT_FOREVER);
}

struct bench_events *bench_events_create(void)
{
	if (events_used == PORT_EVENTS)
		stop_suite("out of event groups");
	struct bench_events *events = &events_pool[events_used++];
	check(tenon_event_init(&events->events), "tenon_event_init");
	return events;
}

void bench_events_set(struct bench_events *events, uint32_t bits)
{
	tenon_event_set(&events->events, bits);
}

void bench_events_wait_any(struct bench_events *events, uint32_t mask)
{
	tenon_event_wait(&events->events, mask, TENON_EVENT_ANY | TENON_EVENT_CLEAR,
			 TENON_WAIT_FOREVER, NULL);
}

static void timer_trampoline(struct tenon_timer *tenon_timer, void *arg)
{
	(void)tenon_timer;
	struct bench_timer *timer = arg;
	timer->callback(timer->arg);
}

struct bench_timer *bench_timer_create(void (*callback)(void *arg), void *arg)
{
	if (timers_used == BENCH_MAX_TIMERS)
		stop_suite("out of timers");
	struct bench_timer *timer = &timers[timers_used++];
	timer->callback = callback;
	timer->arg = arg;
	tenon_timer_init(&timer->timer, timer_trampoline, timer);
	return timer;
}

void bench_timer_start(struct bench_timer *timer, uint64_t delay_ns, uint64_t period_ns)
{
	check(tenon_timer_start(&timer->timer, delay_ns, period_ns), "tenon_timer_start");
}

void bench_timer_stop(struct bench_timer *timer)
{
	tenon_timer_stop(&timer->timer);
}

void *bench_block_alloc(void)
{
	uint64_t saved = tenon_arch_irq_save();
	void *block = block_pool_alloc(&blocks);

	tenon_arch_irq_restore(saved);
	return block;
}

void bench_block_free(void *block)
{
	uint64_t saved = tenon_arch_irq_save();

	block_pool_free(&blocks, block);
	tenon_arch_irq_restore(saved);
}

void bench_irq_install(void (*isr)(void))
{
	port_isr = isr;
}

void bench_irq_trigger(void)
{
	software_irq_raise();
}

uint64_t bench_irq_trigger_timed(void)
{
	uint64_t saved = tenon_arch_irq_save();

	software_irq_raise();
	uint64_t start = bench_cycles();
	/* The interrupt is pending now: it is taken on the first instruction after the unmask. */
	tenon_arch_irq_restore(saved);
	return start;
}

uint64_t bench_irq_entry_cycles(void)
{
	return irq_entry_cycles;
}

/* The suite's image: Tenon boots with main more urgent than every bench level, runs the suite and
 * powers the machine off. */
static struct tenon_thread main_thread;

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, PORT_MAIN_PRIORITY);
	bench_port_init();
	bench_suite_run();
	bench_port_power_off();
}
