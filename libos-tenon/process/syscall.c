/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The syscalls a static musl program needs, by their Linux AArch64 numbers (x8; arguments in
 * x0..x5; the result, or a negated errno, back in x0). Every pointer and length comes from the
 * process and is checked against its own mappings and rights before use; what is not served
 * answers -ENOSYS. Handlers run with interrupts masked (exception entry) except while a call
 * sleeps or between the fixed-size chunks a write is copied in, so interrupt latency stays
 * bounded whatever the process asks for.
 */
#include "process_internal.h"

#include <string.h>

#include "console.h"
#include "cpu.h"

enum syscall_number {
	SYS_IOCTL = 29,
	SYS_READ = 63,
	SYS_WRITE = 64,
	SYS_WRITEV = 66,
	SYS_EXIT = 93,
	SYS_EXIT_GROUP = 94,
	SYS_SET_TID_ADDRESS = 96,
	SYS_FUTEX = 98,
	SYS_NANOSLEEP = 101,
	SYS_CLOCK_GETTIME = 113,
	SYS_CLOCK_NANOSLEEP = 115,
	SYS_SCHED_YIELD = 124,
	SYS_RT_SIGPROCMASK = 135,
	SYS_GETPID = 172,
	SYS_GETPPID = 173,
	SYS_GETUID = 174,
	SYS_GETEUID = 175,
	SYS_GETGID = 176,
	SYS_GETEGID = 177,
	SYS_GETTID = 178,
	SYS_BRK = 214,
	SYS_MUNMAP = 215,
	SYS_MMAP = 222,
	SYS_MPROTECT = 226,
	SYS_MADVISE = 233,
};


#define MAP_PRIVATE 0x02u
#define MAP_FIXED 0x10u
#define MAP_ANONYMOUS 0x20u
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_COMMAND_MASK 0x7fu /* without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME */
#define TIMER_ABSTIME 1
#define IOV_MAX 1024
#define WRITE_CHUNK 256u
#define NS_PER_SECOND 1000000000ull

/* PL011 (Arm PL011 TRM 3.3): data register, flag register with "receive FIFO empty". */
#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_RXFE (1u << 4)

struct user_timespec {
	int64_t seconds;
	int64_t nanoseconds;
};

struct user_iovec {
	uint64_t base;
	uint64_t length;
};

static uintptr_t console_input;

void syscall_set_console_input(uintptr_t uart_base)
{
	console_input = uart_base;
}

static int64_t console_out(struct process *process, uint64_t buffer, uint64_t length)
{
	char chunk[WRITE_CHUNK];

	if (!user_range_ok(&process->space, buffer, length, false))
		return error(ERR_FAULT);
	for (uint64_t done = 0; done < length;) {
		uint64_t piece = length - done < WRITE_CHUNK ? length - done : WRITE_CHUNK;
		if (!copy_from_user(&process->space, chunk, buffer + done, piece))
			return error(ERR_FAULT);
		console_write(chunk, piece);
		done += piece;
		/* Interrupt latency stays one chunk long, however much a process writes: pending
		 * interrupts are taken here, and may preempt this syscall like any kernel thread. */
		cpu_irq_enable();
		cpu_irq_disable();
	}
	return (int64_t)length;
}

static int64_t sys_write(struct process *process, uint64_t fd, uint64_t buffer, uint64_t length)
{
	if (fd != 1 && fd != 2)
		return error(ERR_BADF);
	if (length > INT64_MAX)
		return error(ERR_INVAL);
	return console_out(process, buffer, length);
}

static int64_t sys_writev(struct process *process, uint64_t fd, uint64_t vector, uint64_t count)
{
	if (fd != 1 && fd != 2)
		return error(ERR_BADF);
	if (count > IOV_MAX)
		return error(ERR_INVAL);
	/* Everything is checked before anything is written: a bad vector writes nothing. */
	uint64_t total = 0;
	for (uint64_t i = 0; i < count; i++) {
		struct user_iovec iov;
		if (!copy_from_user(&process->space, &iov, vector + i * sizeof(iov), sizeof(iov)))
			return error(ERR_FAULT);
		if (iov.length > INT64_MAX - total)
			return error(ERR_INVAL);
		if (!user_range_ok(&process->space, iov.base, iov.length, false))
			return error(ERR_FAULT);
		total += iov.length;
	}
	for (uint64_t i = 0; i < count; i++) {
		struct user_iovec iov;
		copy_from_user(&process->space, &iov, vector + i * sizeof(iov), sizeof(iov));
		console_out(process, iov.base, iov.length);
	}
	return (int64_t)total;
}

/* Blocks until the console has input, then returns what is there (at most length bytes). */
static int64_t sys_read(struct process *process, uint64_t fd, uint64_t buffer, uint64_t length)
{
	if (fd != 0)
		return error(ERR_BADF);
	if (length == 0)
		return 0;
	if (!user_range_ok(&process->space, buffer, length, true))
		return error(ERR_FAULT);
	if (console_input == 0)
		return 0; /* no input device: end of file */
	uint64_t got = 0;
	while (got == 0) {
		while (got < length && (mmio_read32(console_input + PL011_FR) & PL011_FR_RXFE) == 0) {
			char c = (char)mmio_read32(console_input + PL011_DR);
			copy_to_user(&process->space, buffer + got, &c, 1);
			got++;
		}
		/* The PL011's receive interrupt is not wired up: poll once a millisecond. */
		if (got == 0)
			tenon_thread_sleep_ns(1000000);
	}
	return (int64_t)got;
}

static bool read_timespec(struct process *process, uint64_t va, uint64_t *ns)
{
	struct user_timespec ts;

	if (!copy_from_user(&process->space, &ts, va, sizeof(ts)) || ts.seconds < 0 ||
	    ts.nanoseconds < 0 || (uint64_t)ts.nanoseconds >= NS_PER_SECOND)
		return false;
	uint64_t seconds = (uint64_t)ts.seconds;
	*ns = seconds >= (UINT64_MAX - 1) / NS_PER_SECOND ?
		      UINT64_MAX - 1 :
		      seconds * NS_PER_SECOND + (uint64_t)ts.nanoseconds;
	return true;
}

static int64_t sys_clock_gettime(struct process *process, uint64_t clock, uint64_t va)
{
	/* REALTIME, MONOTONIC, the CPU-time clocks, MONOTONIC_RAW, the COARSE ones, BOOTTIME: one
	 * clock here (Tenon keeps no wall time; its epoch is the start of the clock). */
	if (clock > 7)
		return error(ERR_INVAL);
	uint64_t now = tenon_time_now_ns();
	struct user_timespec ts = {(int64_t)(now / NS_PER_SECOND), (int64_t)(now % NS_PER_SECOND)};
	return copy_to_user(&process->space, va, &ts, sizeof(ts)) ? 0 : error(ERR_FAULT);
}

static int64_t sleep_ns(uint64_t ns)
{
	return tenon_thread_sleep_ns(ns) == TENON_OK ? 0 : error(ERR_INVAL);
}

static int64_t sys_nanosleep(struct process *process, uint64_t request)
{
	uint64_t ns;

	if (!read_timespec(process, request, &ns))
		return error(user_range_ok(&process->space, request, 16, false) ? ERR_INVAL : ERR_FAULT);
	return sleep_ns(ns);
}

static int64_t sys_clock_nanosleep(struct process *process, uint64_t clock, uint64_t flags,
				   uint64_t request)
{
	uint64_t ns;

	if (clock > 7 || (flags & ~(uint64_t)TIMER_ABSTIME) != 0)
		return error(ERR_INVAL);
	if (!read_timespec(process, request, &ns))
		return error(user_range_ok(&process->space, request, 16, false) ? ERR_INVAL : ERR_FAULT);
	if (flags & TIMER_ABSTIME) {
		uint64_t now = tenon_time_now_ns();
		ns = ns > now ? ns - now : 0;
		if (ns == 0)
			return 0;
	}
	return sleep_ns(ns);
}

/* The heap: brk(0) asks, brk(address) moves the break within PROCESS_HEAP_LIMIT; Linux answers
 * the old break, not an error, when it cannot move it. */
static int64_t sys_brk(struct process *process, uint64_t address)
{
	if (address < process->brk_start || address > process->brk_start + PROCESS_HEAP_LIMIT)
		return (int64_t)process->brk;
	uint64_t old_top = page_round_up(process->brk);
	uint64_t new_top = page_round_up(address);
	if (new_top > old_top) {
		if (address_space_map(&process->space, old_top, (new_top - old_top) / 4096u,
				      USER_PROT_READ | USER_PROT_WRITE) != PROCESS_OK)
			return (int64_t)process->brk;
	} else if (new_top < old_top) {
		address_space_unmap(&process->space, new_top, (old_top - new_top) / 4096u);
	}
	process->brk = address;
	return (int64_t)address;
}

static bool in_mmap_window(uint64_t address, uint64_t length)
{
	return (address & 4095u) == 0 && address >= USER_MMAP_BASE && address <= USER_MMAP_END &&
	       length <= USER_MMAP_END - address;
}

/* Anonymous private mappings only (there are no files), first fit in the mmap window. */
static int64_t sys_mmap(struct process *process, uint64_t hint, uint64_t length, uint64_t prot,
			uint64_t flags)
{
	if (length == 0 || length > USER_MMAP_END - USER_MMAP_BASE ||
	    (prot & ~(uint64_t)(USER_PROT_READ | USER_PROT_WRITE | USER_PROT_EXEC)) != 0)
		return error(ERR_INVAL);
	if ((flags & MAP_ANONYMOUS) == 0 || (flags & MAP_PRIVATE) == 0)
		return error(ERR_NOSYS);
	uint64_t pages = page_round_up(length) / 4096u;
	uint64_t address = 0;
	if (flags & MAP_FIXED) {
		if (!in_mmap_window(hint, pages * 4096u))
			return error(ERR_INVAL);
		address_space_unmap(&process->space, hint, pages);
		address = hint;
	} else {
		address = address_space_find_free(&process->space, USER_MMAP_BASE, USER_MMAP_END,
						  pages);
		if (address == 0)
			return error(ERR_NOMEM);
	}
	if (address_space_map(&process->space, address, pages, (unsigned)prot) != PROCESS_OK)
		return error(ERR_NOMEM);
	return (int64_t)address;
}

static int64_t sys_munmap(struct process *process, uint64_t address, uint64_t length)
{
	uint64_t size = page_round_up(length);

	if (length == 0 || size < length || !in_mmap_window(address, size))
		return error(ERR_INVAL);
	address_space_unmap(&process->space, address, size / 4096u);
	return 0;
}

static int64_t sys_mprotect(struct process *process, uint64_t address, uint64_t length,
			    uint64_t prot)
{
	uint64_t size = page_round_up(length);
	bool heap = address >= process->brk_start && address <= page_round_up(process->brk) &&
		    size <= page_round_up(process->brk) - address;

	if ((address & 4095u) != 0 || size < length ||
	    (prot & ~(uint64_t)(USER_PROT_READ | USER_PROT_WRITE | USER_PROT_EXEC)) != 0 ||
	    (!heap && !in_mmap_window(address, size)))
		return error(ERR_INVAL);
	return address_space_protect(&process->space, address, size / 4096u, (unsigned)prot) ?
		       0 :
		       error(ERR_NOMEM);
}

/* A process has one thread: nobody else can change the word, so a wait that would block can
 * only end by its timeout. */
static int64_t sys_futex(struct process *process, uint64_t address, uint64_t operation,
			 uint64_t value, uint64_t timeout)
{
	uint32_t word;

	switch (operation & FUTEX_COMMAND_MASK) {
	case FUTEX_WAKE:
		return 0;
	case FUTEX_WAIT: {
		if ((address & 3) != 0 || !copy_from_user(&process->space, &word, address, 4))
			return error(ERR_FAULT);
		if (word != (uint32_t)value)
			return error(ERR_AGAIN);
		uint64_t ns;
		if (timeout == 0)
			return error(ERR_NOSYS);
		if (!read_timespec(process, timeout, &ns))
			return error(ERR_INVAL);
		sleep_ns(ns);
		return error(ERR_TIMEDOUT);
	}
	default:
		return error(ERR_NOSYS);
	}
}

static int64_t sys_rt_sigprocmask(struct process *process, uint64_t old_set, uint64_t set_size)
{
	static const uint64_t empty;

	if (set_size != 8)
		return error(ERR_INVAL);
	if (old_set != 0 && !copy_to_user(&process->space, old_set, &empty, sizeof(empty)))
		return error(ERR_FAULT);
	return 0;
}

void syscall_dispatch(struct process *process, struct trap_frame *frame)
{
	uint64_t *x = frame->x;
	int64_t result;

	switch (x[8]) {
	case SYS_WRITE:
		result = sys_write(process, x[0], x[1], x[2]);
		break;
	case SYS_WRITEV:
		result = sys_writev(process, x[0], x[1], x[2]);
		break;
	case SYS_READ:
		result = sys_read(process, x[0], x[1], x[2]);
		break;
	case SYS_IOCTL:
		result = error(ERR_NOTTY);
		break;
	case SYS_CLOCK_GETTIME:
		result = sys_clock_gettime(process, x[0], x[1]);
		break;
	case SYS_NANOSLEEP:
		result = sys_nanosleep(process, x[0]);
		break;
	case SYS_CLOCK_NANOSLEEP:
		result = sys_clock_nanosleep(process, x[0], x[1], x[2]);
		break;
	case SYS_SCHED_YIELD:
		tenon_thread_yield();
		result = 0;
		break;
	case SYS_BRK:
		result = sys_brk(process, x[0]);
		break;
	case SYS_MMAP:
		result = sys_mmap(process, x[0], x[1], x[2], x[3]);
		break;
	case SYS_MUNMAP:
		result = sys_munmap(process, x[0], x[1]);
		break;
	case SYS_MPROTECT:
		result = sys_mprotect(process, x[0], x[1], x[2]);
		break;
	case SYS_MADVISE:
		result = 0; /* advice only */
		break;
	case SYS_FUTEX:
		result = sys_futex(process, x[0], x[1], x[2], x[3]);
		break;
	case SYS_RT_SIGPROCMASK:
		result = sys_rt_sigprocmask(process, x[2], x[3]);
		break;
	case SYS_GETPID:
	case SYS_GETTID:
	case SYS_SET_TID_ADDRESS: /* one thread: its tid is the pid; nobody joins it */
		result = process->pid;
		break;
	case SYS_GETPPID:
	case SYS_GETUID:
	case SYS_GETEUID:
	case SYS_GETGID:
	case SYS_GETEGID:
		result = 0;
		break;
#ifdef CONFIG_TENON_PROCESS_CHANNELS
	case SYS_TENON_CHANNEL_SEND:
		result = syscall_channel_send(process, x[0], x[1], x[2], x[3]);
		break;
	case SYS_TENON_CHANNEL_RECEIVE:
		result = syscall_channel_receive(process, x[0], x[1], x[2], x[3]);
		break;
#endif
	case SYS_EXIT:
	case SYS_EXIT_GROUP:
		process_finish(process, PROCESS_END_EXITED, (int)(x[0] & 0xff));
	default:
		result = error(ERR_NOSYS);
		break;
	}
	x[0] = (uint64_t)result;
}
