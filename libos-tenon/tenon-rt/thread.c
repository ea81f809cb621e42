/* SPDX-License-Identifier: Apache-2.0 */
#include "rt_internal.h"

#define MIN_STACK_SIZE 1024u

static struct tenon_thread idle_thread;
static uint8_t idle_stack[CONFIG_TENON_IDLE_STACK_SIZE] __attribute__((aligned(16)));
#if CONFIG_TENON_SMP_CPUS > 1
/* A secondary CPU's idle thread is its boot context, on the stack the platform started it on. */
static struct tenon_thread secondary_idle[CONFIG_TENON_SMP_CPUS - 1];
static struct tenon_timer
	*secondary_timer_slots[CONFIG_TENON_SMP_CPUS - 1][CONFIG_TENON_TIMER_CAPACITY];
#endif

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

	/* The thread that switched here took the kernel lock; the new thread leaves it. */
	tenon_lock_release();
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

static inline __attribute__((always_inline)) void cpu_setup(struct tenon_cpu *cpu,
							     struct tenon_timer **timer_slots)
{
	struct tenon_cpu blank = {0};
	*cpu = blank;
	tenon_readyq_init(&cpu->ready);
	tenon_deferq_init(&cpu->deferred);
	tenon_timer_heap_init(&cpu->timers, timer_slots, CONFIG_TENON_TIMER_CAPACITY);
	cpu->slice_end = UINT64_MAX;
	cpu->next_tick = UINT64_MAX;
}

enum tenon_status tenon_kernel_init(struct tenon_thread *main, const char *name, unsigned priority)
{
	struct tenon_cpu *cpu = tenon_this_cpu();

	if (main == NULL || priority >= CONFIG_TENON_PRIORITIES)
		return TENON_ERR_INVALID;
	static struct tenon_timer *timer_slots[CONFIG_TENON_TIMER_CAPACITY];
	cpu_setup(cpu, timer_slots);
#if CONFIG_TENON_SMP_CPUS > 1
	cpu->index = 0;
	cpu->online = true;
#endif

	thread_setup(&idle_thread, "idle", CONFIG_TENON_PRIORITIES);
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

/* A CPU index threads may be given: one that is running Tenon. */
static struct tenon_cpu *cpu_by_index(unsigned index)
{
#if CONFIG_TENON_SMP_CPUS > 1
	if (index < CONFIG_TENON_SMP_CPUS && __atomic_load_n(&tenon_cpus[index].online, __ATOMIC_ACQUIRE))
		return &tenon_cpus[index];
	return NULL;
#else
	return index == 0 ? &tenon_cpus[0] : NULL;
#endif
}

/* cpu NULL: the caller's CPU, looked up under the lock. */
static inline __attribute__((always_inline)) enum tenon_status
create_thread(struct tenon_thread *thread, const char *name, void (*entry)(void *arg), void *arg,
	      unsigned priority, void *stack, size_t stack_size, struct tenon_cpu *cpu)
{
	if (thread == NULL || entry == NULL || stack == NULL || stack_size < MIN_STACK_SIZE ||
	    ((uintptr_t)stack & 15u) != 0 || priority >= CONFIG_TENON_PRIORITIES)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	if (thread->state != TENON_THREAD_UNUSED && thread->state != TENON_THREAD_EXITED) {
		tenon_unlock(saved);
		return TENON_ERR_STATE;
	}
	thread_setup(thread, name, priority);
	if (cpu != NULL)
		thread->cpu = cpu;
	thread->entry = entry;
	thread->arg = arg;
	thread->stack = stack;
	thread->stack_size = stack_size;
	uintptr_t top = ((uintptr_t)stack + stack_size) & ~(uintptr_t)15u;
	tenon_arch_context_init(&thread->context, (void *)top, thread_start);
	tenon_sched_make_ready(thread);
	tenon_sched_preempt_point();
	tenon_unlock(saved);
	return TENON_OK;
}

enum tenon_status tenon_thread_create(struct tenon_thread *thread, const char *name,
				      void (*entry)(void *arg), void *arg, unsigned priority,
				      void *stack, size_t stack_size)
{
	return create_thread(thread, name, entry, arg, priority, stack, stack_size, NULL);
}

enum tenon_status tenon_thread_create_on(struct tenon_thread *thread, const char *name,
					 void (*entry)(void *arg), void *arg, unsigned priority,
					 void *stack, size_t stack_size, unsigned cpu)
{
	struct tenon_cpu *target = cpu_by_index(cpu);

	if (target == NULL)
		return TENON_ERR_INVALID;
	return create_thread(thread, name, entry, arg, priority, stack, stack_size, target);
}

_Noreturn void tenon_thread_exit(void)
{
	tenon_lock();
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
	uint64_t saved = tenon_lock();
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
	tenon_unlock(saved);
	return status;
}

struct tenon_thread *tenon_thread_self(void)
{
#if CONFIG_TENON_SMP_CPUS > 1
	/* Masked, so the caller cannot move between reading the CPU and its current thread. */
	uint64_t saved = tenon_arch_irq_save();
	struct tenon_thread *self = tenon_this_cpu()->current;

	tenon_arch_irq_restore(saved);
	return self;
#else
	return tenon_this_cpu()->current;
#endif
}

void tenon_thread_yield(void)
{
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = tenon_this_cpu();

	if (cpu->irq_nesting == 0)
		tenon_sched_yield(cpu);
	tenon_unlock(saved);
}

static enum tenon_status sleep_until(uint64_t deadline)
{
	uint64_t saved = tenon_lock();
	enum tenon_status status = tenon_sched_may_block();

	if (status == TENON_OK)
		status = tenon_sched_block(NULL, deadline);
	tenon_unlock(saved);
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
	uint64_t ns = ticks >= UINT64_MAX / (1000000000u / CONFIG_TENON_TICK_HZ) ?
			      UINT64_MAX - 1 :
			      ticks * (1000000000u / CONFIG_TENON_TICK_HZ);
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
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = tenon_this_cpu();
	enum tenon_status status = TENON_OK;

	switch (thread->state) {
	case TENON_THREAD_READY:
		tenon_readyq_remove(&thread->cpu->ready, &thread->queue_node, thread->priority);
		thread->suspend_requested = true;
		thread->state = TENON_THREAD_SUSPENDED;
		break;
	case TENON_THREAD_RUNNING:
#if CONFIG_TENON_SMP_CPUS > 1
		if (thread != cpu->current) {
			/* Running on another CPU: that CPU suspends it at its next preemption point
			 * (tenon_sched_run), once it is switched out; until then it stays RUNNING, so
			 * nothing can queue it twice. An idle thread is never suspended. */
			if (thread->base_priority >= CONFIG_TENON_PRIORITIES) {
				status = TENON_ERR_STATE;
				break;
			}
			thread->suspend_requested = true;
			for (unsigned i = 0; i < CONFIG_TENON_SMP_CPUS; i++)
				if (tenon_cpus[i].current == thread)
					tenon_sched_resched(&tenon_cpus[i]);
			break;
		}
#endif
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
	tenon_unlock(saved);
	return status;
}

enum tenon_status tenon_thread_resume(struct tenon_thread *thread)
{
	if (thread == NULL)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
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
	tenon_unlock(saved);
	return status;
}

enum tenon_status tenon_thread_set_priority(struct tenon_thread *thread, unsigned priority)
{
#if CONFIG_TENON_SMP_CPUS > 1
	/* Idle threads (one per CPU) are the only ones beyond the last priority. */
	if (thread == NULL || priority >= CONFIG_TENON_PRIORITIES ||
	    thread->base_priority >= CONFIG_TENON_PRIORITIES)
		return TENON_ERR_INVALID;
#else
	if (thread == NULL || priority >= CONFIG_TENON_PRIORITIES || thread == tenon_this_cpu()->idle)
		return TENON_ERR_INVALID;
#endif
	uint64_t saved = tenon_lock();

	thread->base_priority = priority;
	/* Lowering below an inherited priority keeps the inherited one. */
	tenon_pi_refresh(thread);
	tenon_sched_preempt_point();
	tenon_unlock(saved);
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

enum tenon_status tenon_thread_set_cpu(struct tenon_thread *thread, unsigned cpu)
{
	struct tenon_cpu *target = cpu_by_index(cpu);

	if (thread == NULL || target == NULL || thread->base_priority >= CONFIG_TENON_PRIORITIES)
		return TENON_ERR_INVALID;
	uint64_t saved = tenon_lock();
	struct tenon_cpu *self_cpu = tenon_this_cpu();
	enum tenon_status status = TENON_OK;

	switch (thread->state) {
	case TENON_THREAD_READY:
		/* From its old CPU's ready queue to the new one's, behind its equals there. An equal
		 * of the running thread reschedules too: no switch then, but the reschedule
		 * interrupt starts enforcing the running slice (tickless). */
		tenon_readyq_move(&thread->cpu->ready, &target->ready, &thread->queue_node,
				  thread->priority);
		thread->cpu = target;
		if (tenon_readyq_preempts(&target->ready,
					  target->current == target->idle ?
						  CONFIG_TENON_PRIORITIES :
						  target->current->priority + 1))
			tenon_sched_resched(target);
		tenon_sched_preempt_point();
		break;
	case TENON_THREAD_RUNNING:
		if (thread->cpu == target)
			break;
		thread->cpu = target;
		/* tenon_sched_run on the CPU running it sees it no longer belongs there and hands it
		 * over. For the caller itself that is now, unless in an interrupt handler or with
		 * preemption locked (then at the next preemption point). */
		if (thread == self_cpu->current) {
			tenon_sched_resched(self_cpu);
			tenon_sched_preempt_point();
		} else {
			for (unsigned i = 0; i < CONFIG_TENON_SMP_CPUS; i++)
				if (tenon_cpus[i].current == thread)
					tenon_sched_resched(&tenon_cpus[i]);
		}
		break;
	case TENON_THREAD_UNUSED:
	case TENON_THREAD_EXITED:
		status = TENON_ERR_STATE;
		break;
	default:
		/* Blocked or suspended: it is queued on its new CPU when it becomes ready. */
		thread->cpu = target;
		break;
	}
	tenon_unlock(saved);
	return status;
}

unsigned tenon_thread_cpu(const struct tenon_thread *thread)
{
#if CONFIG_TENON_SMP_CPUS > 1
	return thread->cpu->index;
#else
	(void)thread;
	return 0;
#endif
}

unsigned tenon_cpu_index(void)
{
#if CONFIG_TENON_SMP_CPUS > 1
	return tenon_arch_cpu_index();
#else
	return 0;
#endif
}

unsigned tenon_cpus_online(void)
{
	unsigned online = 0;

	for (unsigned i = 0; i < CONFIG_TENON_SMP_CPUS; i++)
		online += cpu_by_index(i) != NULL;
	return online;
}

#if CONFIG_TENON_SMP_CPUS > 1
_Noreturn void tenon_cpu_start_secondary(unsigned index)
{
	if (index == 0 || index >= CONFIG_TENON_SMP_CPUS)
		for (;;)
			tenon_arch_idle();
	uint64_t saved = tenon_lock();
	struct tenon_cpu *cpu = &tenon_cpus[index];
	struct tenon_thread *idle = &secondary_idle[index - 1];

	(void)saved;
	cpu_setup(cpu, secondary_timer_slots[index - 1]);
	cpu->index = index;
	/* The caller's context becomes the idle thread: its stack is the one it booted on. */
	thread_setup(idle, "idle", CONFIG_TENON_PRIORITIES);
	idle->cpu = cpu;
	idle->state = TENON_THREAD_RUNNING;
	cpu->idle = idle;
	cpu->current = idle;
	tenon_time_start_cpu(cpu);
	__atomic_store_n(&cpu->online, true, __ATOMIC_RELEASE);
	tenon_lock_release();
	tenon_arch_irq_enable();
	idle_loop(NULL);
	for (;;)
		;
}
#endif
