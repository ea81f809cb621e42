/* SPDX-License-Identifier: Apache-2.0 */
#include "rt_internal.h"

#define MIN_STACK_SIZE 1024u

static struct tenon_thread idle_thread;
static uint8_t idle_stack[TENON_IDLE_STACK_SIZE] __attribute__((aligned(16)));

static void thread_setup(struct tenon_thread *thread, const char *name, unsigned priority)
{
	struct tenon_thread blank = {0};

	*thread = blank;
	tenon_list_init(&thread->queue_node);
	tenon_list_init(&thread->held_mutexes);
	tenon_waitq_init(&thread->joiners);
	tenon_timer_reset(&thread->timeout, NULL, thread);
	thread->cpu = tenon_this_cpu();
	thread->name = name;
	thread->base_priority = priority;
	thread->priority = priority;
}

/* First code of every new thread, on its own stack, interrupts still masked by the switch. */
static void thread_start(void)
{
	struct tenon_thread *self = tenon_this_cpu()->current;

	tenon_arch_irq_enable();
	self->entry(self->arg);
	tenon_thread_exit();
}

static void idle_loop(void *arg)
{
	(void)arg;
	for (;;)
		tenon_arch_idle();
}

enum tenon_status tenon_kernel_init(struct tenon_thread *main, const char *name, unsigned priority)
{
	struct tenon_cpu *cpu = tenon_this_cpu();

	if (main == NULL || priority >= TENON_PRIORITIES)
		return TENON_ERR_INVALID;
	static struct tenon_timer *timer_slots[TENON_TIMER_CAPACITY];
	struct tenon_cpu blank = {0};
	*cpu = blank;
	tenon_readyq_init(&cpu->ready);
	tenon_deferq_init(&cpu->deferred);
	tenon_timer_heap_init(&cpu->timers, timer_slots, TENON_TIMER_CAPACITY);
	cpu->slice_end = UINT64_MAX;
	cpu->next_tick = UINT64_MAX;

	thread_setup(&idle_thread, "idle", TENON_PRIORITIES);
	idle_thread.entry = idle_loop;
	idle_thread.stack = idle_stack;
	idle_thread.stack_size = sizeof(idle_stack);
	idle_thread.state = TENON_THREAD_READY;
	tenon_arch_context_init(&idle_thread.context, idle_stack + sizeof(idle_stack), thread_start);
	cpu->idle = &idle_thread;

	thread_setup(main, name, priority);
	main->state = TENON_THREAD_RUNNING;
	cpu->current = main;
	return TENON_OK;
}

enum tenon_status tenon_thread_create(struct tenon_thread *thread, const char *name,
				      void (*entry)(void *arg), void *arg, unsigned priority,
				      void *stack, size_t stack_size)
{
	if (thread == NULL || entry == NULL || stack == NULL || stack_size < MIN_STACK_SIZE ||
	    ((uintptr_t)stack & 15u) != 0 || priority >= TENON_PRIORITIES)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_arch_irq_save();
	if (thread->state != TENON_THREAD_UNUSED && thread->state != TENON_THREAD_EXITED) {
		tenon_arch_irq_restore(saved);
		return TENON_ERR_STATE;
	}
	thread_setup(thread, name, priority);
	thread->entry = entry;
	thread->arg = arg;
	thread->stack = stack;
	thread->stack_size = stack_size;
	uintptr_t top = ((uintptr_t)stack + stack_size) & ~(uintptr_t)15u;
	tenon_arch_context_init(&thread->context, (void *)top, thread_start);
	tenon_sched_make_ready(thread);
	tenon_sched_preempt_point();
	tenon_arch_irq_restore(saved);
	return TENON_OK;
}

_Noreturn void tenon_thread_exit(void)
{
	tenon_arch_irq_save();
	struct tenon_cpu *cpu = tenon_this_cpu();
	struct tenon_thread *self = cpu->current;

	self->state = TENON_THREAD_EXITED;
	self->preempt_lock = 0;
	for (struct tenon_thread *joiner; (joiner = tenon_waitq_first(&self->joiners)) != NULL;)
		tenon_sched_wake(joiner, TENON_OK);
	tenon_sched_run(cpu);
	/* An exited thread is never picked again. */
	for (;;)
		tenon_arch_idle();
}

enum tenon_status tenon_thread_join(struct tenon_thread *thread, uint64_t timeout_ns)
{
	if (thread == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_arch_irq_save();
	enum tenon_status status = TENON_OK;
	if (thread->state == TENON_THREAD_EXITED)
		goto out;
	if (thread->state == TENON_THREAD_UNUSED || thread == tenon_this_cpu()->current) {
		status = TENON_ERR_STATE;
		goto out;
	}
	if (timeout_ns == TENON_NO_WAIT) {
		status = TENON_ERR_WOULD_BLOCK;
		goto out;
	}
	status = tenon_sched_may_block();
	if (status == TENON_OK)
		status = tenon_sched_block(&thread->joiners, tenon_time_deadline_after(timeout_ns));
out:
	tenon_arch_irq_restore(saved);
	return status;
}

struct tenon_thread *tenon_thread_self(void)
{
	return tenon_this_cpu()->current;
}

void tenon_thread_yield(void)
{
	uint64_t saved = tenon_arch_irq_save();
	struct tenon_cpu *cpu = tenon_this_cpu();

	if (cpu->irq_nesting == 0) {
		cpu->rotate = true;
		tenon_sched_run(cpu);
		cpu->rotate = false;
	}
	tenon_arch_irq_restore(saved);
}

static enum tenon_status sleep_until(uint64_t deadline)
{
	uint64_t saved = tenon_arch_irq_save();
	enum tenon_status status = tenon_sched_may_block();

	if (status == TENON_OK)
		status = tenon_sched_block(NULL, deadline);
	tenon_arch_irq_restore(saved);
	return status;
}

enum tenon_status tenon_thread_sleep_ns(uint64_t ns)
{
	if (ns == 0) {
		tenon_thread_yield();
		return TENON_OK;
	}
	return sleep_until(tenon_time_deadline_after(ns));
}

enum tenon_status tenon_thread_sleep_ticks(uint64_t ticks)
{
	uint64_t ns = ticks >= UINT64_MAX / (1000000000u / TENON_TICK_HZ) ?
			      UINT64_MAX - 1 :
			      ticks * (1000000000u / TENON_TICK_HZ);
	return tenon_thread_sleep_ns(ns);
}

enum tenon_status tenon_thread_sleep_until_ns(uint64_t time_ns)
{
	uint64_t deadline = tenon_time_deadline_at(time_ns);

	/* Blocking for a deadline already due would only cost a timer interrupt and two switches. */
	if (deadline <= tenon_arch_clock_now())
		return TENON_OK;
	return sleep_until(deadline);
}

enum tenon_status tenon_thread_suspend(struct tenon_thread *thread)
{
	if (thread == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_arch_irq_save();
	struct tenon_cpu *cpu = tenon_this_cpu();
	enum tenon_status status = TENON_OK;

	switch (thread->state) {
	case TENON_THREAD_READY:
		tenon_readyq_remove(&cpu->ready, &thread->queue_node, thread->priority);
		thread->suspend_requested = true;
		thread->state = TENON_THREAD_SUSPENDED;
		break;
	case TENON_THREAD_RUNNING:
		if (thread == cpu->idle || cpu->irq_nesting > 0) {
			status = thread == cpu->idle ? TENON_ERR_STATE : TENON_ERR_IN_INTERRUPT;
			break;
		}
		thread->suspend_requested = true;
		thread->state = TENON_THREAD_SUSPENDED;
		tenon_sched_run(cpu);
		break;
	case TENON_THREAD_BLOCKED:
		thread->suspend_requested = true;
		break;
	case TENON_THREAD_SUSPENDED:
		break;
	default:
		status = TENON_ERR_STATE;
		break;
	}
	tenon_arch_irq_restore(saved);
	return status;
}

enum tenon_status tenon_thread_resume(struct tenon_thread *thread)
{
	if (thread == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_arch_irq_save();
	enum tenon_status status = TENON_OK;

	if (!thread->suspend_requested) {
		status = TENON_ERR_STATE;
	} else {
		thread->suspend_requested = false;
		if (thread->state == TENON_THREAD_SUSPENDED) {
			tenon_sched_make_ready(thread);
			tenon_sched_preempt_point();
		}
	}
	tenon_arch_irq_restore(saved);
	return status;
}

enum tenon_status tenon_thread_set_priority(struct tenon_thread *thread, unsigned priority)
{
	if (thread == NULL || priority >= TENON_PRIORITIES || thread == tenon_this_cpu()->idle)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_arch_irq_save();

	thread->base_priority = priority;
	/* Lowering below an inherited priority keeps the inherited one. */
	tenon_pi_refresh(thread);
	tenon_sched_preempt_point();
	tenon_arch_irq_restore(saved);
	return TENON_OK;
}

unsigned tenon_thread_priority(const struct tenon_thread *thread)
{
	return thread->priority;
}

enum tenon_thread_state tenon_thread_state(const struct tenon_thread *thread)
{
	return thread->state;
}
