/* SPDX-License-Identifier: Apache-2.0 */
/* Process life: create, the EL0 exception vectors, faults, exit and wait. */
#include "process_internal.h"

#include <stddef.h>
#include <string.h>

#include "console.h"
#include "cpu.h"
#include "tenon.h"

#define ESR_EC_SVC64 0x15u
/* CPACR_EL1.FPEN = 0b11: FP/SIMD does not trap at EL0 or EL1 (Arm ARM D17.2.30). */
#define CPACR_FPEN_NO_TRAP (3ull << 20)

_Static_assert(offsetof(struct process, thread) == 0, "the thread is the process");
_Static_assert(offsetof(struct user_registers, fpcr) == 32 * 16, "user_registers.S layout");
_Static_assert(offsetof(struct user_registers, sp_el0) == 32 * 16 + 16, "user_registers.S layout");
_Static_assert(PROCESS_MAX < 256, "8-bit ASIDs");

static bool initialised;
static uint32_t asids_in_use; /* bit n: ASID n + 1 */
static unsigned next_pid = 1;

static const char *const status_names[PROCESS_STATUS_COUNT] = {
	[PROCESS_OK] = "ok",
	[PROCESS_ERR_INVALID] = "invalid argument",
	[PROCESS_ERR_NOT_INITIALISED] = "process_init has not run",
	[PROCESS_ERR_BAD_ELF] = "not a static AArch64 executable for the user range",
	[PROCESS_ERR_NO_MEMORY] = "out of process memory",
	[PROCESS_ERR_NO_ASID] = "no free address space identifier",
	[PROCESS_ERR_STATE] = "process not started",
};

const char *process_status_name(enum process_status status)
{
	return (unsigned)status < PROCESS_STATUS_COUNT ? status_names[status] : "unknown status";
}

struct process *process_current(void)
{
	return (struct process *)tenon_thread_self();
}

_Noreturn void process_finish(struct process *process, enum process_end end, int code)
{
	tenon_arch_irq_save();
	process->end = end;
	process->code = code;
	user_context_forget(process);
	address_space_destroy(&process->space);
	asids_in_use &= ~(1u << (process->space.asid - 1));
	tenon_thread_exit();
}

/* Any synchronous exception from EL0 other than SVC is the process's own fault: it ends, alone. */
static _Noreturn void process_fault(struct process *process, const struct trap_frame *frame)
{
	uint32_t class = esr_class(frame->esr);
	const char *fault = exception_fault_name(frame->esr);

	console_printf("Tenon: process %u (%s) killed: %s (EC 0x%02x%s%s) at pc 0x%llx, "
		       "FAR 0x%llx\n",
		       process->pid, process->name, exception_class_name(class), class,
		       fault != NULL ? ", " : "", fault != NULL ? fault : "",
		       (unsigned long long)frame->elr, (unsigned long long)frame->far);
	process_finish(process, PROCESS_END_FAULTED, (int)class);
}

/* Both entries from EL0 load x18 first: the process's value is in the frame, and an interrupt
 * taken while the call runs finds this CPU's state there (tenon_arch_cpu_register_load). */
static void lower_sync(struct trap_frame *frame)
{
	tenon_arch_cpu_register_load();
	struct process *process = process_current();

	if (esr_class(frame->esr) == ESR_EC_SVC64)
		syscall_dispatch(process, frame);
	else
		process_fault(process, frame);
	user_return_prepare(process);
}

/* The interrupted process may have been preempted inside irq_dispatch: another one may own the
 * CPU's EL0 state by the time it returns here. */
static void lower_irq(struct trap_frame *frame)
{
	tenon_arch_cpu_register_load();
	irq_dispatch(frame);
	user_return_prepare(process_current());
}

enum process_status process_init(void *pool, size_t pool_size, uintptr_t uart_base)
{
	if (initialised)
		return PROCESS_ERR_STATE;
	enum process_status status = pool_init(pool, pool_size);
	if (status != PROCESS_OK)
		return status;
	uint64_t saved = tenon_arch_irq_save();
	address_space_kernel_install();
	sysreg_write(cpacr_el1, sysreg_read(cpacr_el1) | CPACR_FPEN_NO_TRAP);
	__asm__ volatile("isb" ::: "memory");
	syscall_set_console_input(uart_base);
	exception_set_handler(EXCEPTION_LOWER_A64_SYNC, lower_sync);
	exception_set_handler(EXCEPTION_LOWER_A64_IRQ, lower_irq);
	initialised = true;
	tenon_arch_irq_restore(saved);
	return PROCESS_OK;
}

uint64_t process_free_pages(void)
{
	return pool_free_pages();
}

static void process_thread(void *arg)
{
	struct process *process = arg;

	tenon_arch_irq_save();
	user_return_prepare(process);
	user_enter(process->entry);
}

static int asid_take(void)
{
	uint64_t saved = tenon_arch_irq_save();
	int asid = -1;

	for (unsigned i = 0; i < PROCESS_MAX; i++) {
		if ((asids_in_use & (1u << i)) == 0) {
			asids_in_use |= 1u << i;
			asid = (int)i + 1;
			break;
		}
	}
	tenon_arch_irq_restore(saved);
	return asid;
}

enum process_status process_create(struct process *process, const char *name, const void *elf,
				   size_t elf_size, unsigned priority)
{
	if (!initialised)
		return PROCESS_ERR_NOT_INITIALISED;
	if (process == NULL || name == NULL || elf == NULL || priority >= CONFIG_TENON_PRIORITIES)
		return PROCESS_ERR_INVALID;
	enum tenon_thread_state state = process->thread.state;
	if (state != TENON_THREAD_UNUSED && state != TENON_THREAD_EXITED)
		return PROCESS_ERR_INVALID;
	int asid = asid_take();
	if (asid < 0)
		return PROCESS_ERR_NO_ASID;

	memset(&process->space, 0, sizeof(process->space));
	memset(&process->user, 0, sizeof(process->user));
	process->name = name;
	process->end = PROCESS_END_RUNNING;
	process->code = 0;
	process->mmap_next = USER_MMAP_BASE;
	enum process_status status = address_space_create(&process->space, (uint16_t)asid);
	if (status == PROCESS_OK)
		status = elf_load(process, elf, elf_size);
	if (status == PROCESS_OK) {
		process->pid = __atomic_fetch_add(&next_pid, 1, __ATOMIC_RELAXED);
		process->user.sp_el0 = process->stack_pointer;
		if (tenon_thread_create(&process->thread, name, process_thread, process, priority,
					process->kernel_stack,
					sizeof(process->kernel_stack)) != TENON_OK)
			status = PROCESS_ERR_INVALID;
	}
	if (status != PROCESS_OK) {
		uint64_t saved = tenon_arch_irq_save();
		address_space_destroy(&process->space);
		asids_in_use &= ~(1u << (asid - 1));
		tenon_arch_irq_restore(saved);
	}
	return status;
}

enum process_status process_wait(struct process *process, enum process_end *end, int *code)
{
	if (process == NULL)
		return PROCESS_ERR_INVALID;
	if (tenon_thread_state(&process->thread) == TENON_THREAD_UNUSED)
		return PROCESS_ERR_STATE;
	if (tenon_thread_join(&process->thread, TENON_WAIT_FOREVER) != TENON_OK)
		return PROCESS_ERR_STATE;
	if (end != NULL)
		*end = process->end;
	if (code != NULL)
		*code = process->code;
	return PROCESS_OK;
}
