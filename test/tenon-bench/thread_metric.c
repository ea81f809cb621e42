/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The eight Thread-Metric tests (Express Logic's RTOS throughput suite), written from their
 * published definitions: basic processing (the baseline), cooperative scheduling, preemptive
 * scheduling, interrupt processing, interrupt preemption processing, message processing,
 * synchronisation processing and memory allocation. Thread-Metric counts operations in a fixed
 * window; here each test runs TM_WINDOWS windows of about TM_WINDOW_NS while main sleeps, and a
 * window's figure is its measured cycles divided by the operations done in it, so the "bench:"
 * line keeps its cycles shape (min/median/max cycles per operation, runs = windows). A "tm:" line
 * gives the median as operations per million cycles, Thread-Metric's direction.
 */
#include "suite.h"

#include <stdbool.h>

#include "bench.h"
#include "bench_port.h"
#include "console.h"

#define TM_WINDOWS 5
#define TM_WINDOW_NS 2000000u
#define TM_MAX_WORKERS 5
/* Time main gives stopping workers before it checks them again. */
#define TM_SHUTDOWN_NS 20000u

static volatile bool stop;
static volatile uint64_t counters[TM_MAX_WORKERS];
static volatile bool exited[TM_MAX_WORKERS];
static struct bench_thread *workers[TM_MAX_WORKERS];
static unsigned worker_count;
static struct bench_sem *sem;
static struct bench_queue *queue;

static uint64_t total_operations(void)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < worker_count; i++)
		total += counters[i];
	return total;
}

static _Noreturn void worker_exit(unsigned index)
{
	exited[index] = true;
	bench_thread_exit();
}

static void start_worker(void (*entry)(void *arg), unsigned level)
{
	unsigned index = worker_count++;

	counters[index] = 0;
	exited[index] = false;
	workers[index] = bench_thread_create(entry, (void *)(uintptr_t)index, level);
}

/*
 * Workers that suspend themselves may do so after seeing stop still false: resuming every one that
 * has not left until all have is what ends them whatever point main interrupted them at.
 */
static void stop_workers(void)
{
	stop = true;
	for (bool all_left = false; !all_left;) {
		all_left = true;
		for (unsigned i = 0; i < worker_count; i++) {
			if (!exited[i]) {
				all_left = false;
				bench_thread_resume(workers[i]);
			}
		}
		if (!all_left)
			bench_thread_sleep_ns(TM_SHUTDOWN_NS);
	}
	for (unsigned i = 0; i < worker_count; i++)
		bench_thread_join(workers[i]);
	bench_port_reset();
}

/* Workers were created less urgent than main: they run while main sleeps through each window. */
static void measure(const char *name)
{
	uint64_t samples[TM_WINDOWS];
	uint64_t operations_in_median_window = 0, cycles_in_median_window = 0;

	bench_thread_sleep_ns(TM_WINDOW_NS); /* warm-up window: the workers' first round */
	for (unsigned w = 0; w < TM_WINDOWS; w++) {
		uint64_t cycles = bench_cycles(), operations = total_operations();
		bench_thread_sleep_ns(TM_WINDOW_NS);
		cycles = bench_cycles() - cycles;
		operations = total_operations() - operations;
		samples[w] = operations != 0 ? cycles / operations : cycles;
		if (w == TM_WINDOWS / 2) {
			operations_in_median_window = operations;
			cycles_in_median_window = cycles;
		}
	}
	stop_workers();
	suite_report(samples, TM_WINDOWS, "tm_%s", name);
	console_printf("tm: %s ops_per_mcycle %llu (window %u of %u: %llu operations in %llu cycles)\n",
		       name,
		       (unsigned long long)(operations_in_median_window * 1000000u /
					    (cycles_in_median_window != 0 ? cycles_in_median_window : 1)),
		       TM_WINDOWS / 2 + 1, TM_WINDOWS, (unsigned long long)operations_in_median_window,
		       (unsigned long long)cycles_in_median_window);
}

static void begin(void)
{
	stop = false;
	worker_count = 0;
}

static void basic_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;

	while (!stop) {
		suite_busy(50);
		counters[index]++;
	}
	worker_exit(index);
}

static void cooperative_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;

	while (!stop) {
		counters[index]++;
		bench_thread_yield();
	}
	worker_exit(index);
}

/* Worker i resumes the next more urgent one, i - 1, which preempts it at once; the most urgent
 * suspends itself, and so each in turn until the least urgent runs again. */
static void preemptive_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;

	while (!stop) {
		if (index != TM_MAX_WORKERS - 1) {
			bench_thread_suspend(workers[index]);
			if (stop)
				break;
		}
		counters[index]++;
		if (index != 0)
			bench_thread_resume(workers[index - 1]);
	}
	worker_exit(index);
}

static struct bench_thread *isr_target;

static void isr_give(void)
{
	bench_sem_give(sem);
}

static void isr_resume(void)
{
	bench_thread_resume(isr_target);
}

static void interrupt_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;

	while (!stop) {
		bench_irq_trigger();
		bench_sem_take(sem);
		counters[index]++;
	}
	worker_exit(index);
}

/* Counts nothing itself: an operation is one wake-up of the woken worker. */
static void interrupt_preempted_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;

	while (!stop)
		bench_irq_trigger();
	worker_exit(index);
}

static void interrupt_woken_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;

	for (;;) {
		bench_thread_suspend(workers[index]);
		if (stop)
			break;
		counters[index]++;
	}
	worker_exit(index);
}

static void message_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;
	uint32_t message[BENCH_MESSAGE_SIZE / sizeof(uint32_t)] = {0};

	while (!stop) {
		message[0]++;
		bench_queue_send(queue, message);
		bench_queue_receive(queue, message);
		counters[index]++;
	}
	worker_exit(index);
}

static void sync_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;

	while (!stop) {
		bench_sem_take(sem);
		bench_sem_give(sem);
		counters[index]++;
	}
	worker_exit(index);
}

static void memory_worker(void *arg)
{
	unsigned index = (unsigned)(uintptr_t)arg;

	while (!stop) {
		void *block = bench_block_alloc();
		if (block == NULL)
			break;
		bench_block_free(block);
		counters[index]++;
	}
	worker_exit(index);
}

void thread_metric_run(void)
{
	begin();
	start_worker(basic_worker, 1);
	measure("basic_processing");

	begin();
	for (unsigned i = 0; i < TM_MAX_WORKERS; i++)
		start_worker(cooperative_worker, 1);
	measure("cooperative_scheduling");

	begin();
	for (unsigned i = 0; i < TM_MAX_WORKERS; i++)
		start_worker(preemptive_worker, i);
	measure("preemptive_scheduling");

	begin();
	sem = bench_sem_create(0);
	bench_irq_install(isr_give);
	start_worker(interrupt_worker, 1);
	measure("interrupt_processing");

	begin();
	bench_irq_install(isr_resume);
	start_worker(interrupt_woken_worker, 0);
	isr_target = workers[0];
	start_worker(interrupt_preempted_worker, 1);
	measure("interrupt_preemption_processing");

	begin();
	queue = bench_queue_create(1);
	start_worker(message_worker, 1);
	measure("message_processing");

	begin();
	sem = bench_sem_create(1);
	start_worker(sync_worker, 1);
	measure("synchronization_processing");

	begin();
	start_worker(memory_worker, 1);
	measure("memory_allocation");
}
