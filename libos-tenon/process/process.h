/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tenon's light multi-process: EL0 processes, each a static AArch64 ELF (linked against musl's
 * libc.a) in its own address space, served by a Linux-numbered syscall layer. A process is one
 * tenon-rt thread that runs at EL0 and comes back to EL1 only through exceptions: SVC (a syscall),
 * an interrupt, or a fault, which ends that process alone and is reported on the console.
 *
 * Address spaces (address_space.c): every process has its own TTBR0_EL1 table tagged with its
 * ASID. The kernel keeps running identity mapped through the same table, so a switch between
 * processes is only a TTBR0 write on the way back to EL0 (user_context.c).
 *
 * Storage is the caller's (struct process, with its kernel stack); the pages of process images,
 * heaps, stacks and page tables come from the pool given to process_init.
 */
#ifndef TENON_PROCESS_H
#define TENON_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "tenon_rt.h"
#include "tenon_syscall.h"

/* The user half of the address space: VA [PROCESS_USER_BASE, PROCESS_USER_END), the third 1 GiB
 * block of the 4 GiB space; applications are linked at PROCESS_USER_BASE. */
#define PROCESS_USER_BASE 0x80000000ULL
#define PROCESS_USER_END 0xc0000000ULL
#define PROCESS_STACK_SIZE (128u * 1024u)
#define PROCESS_HEAP_LIMIT (8u * 1024u * 1024u) /* brk may grow this far past the image */
#define PROCESS_KERNEL_STACK_SIZE 8192u
#define PROCESS_MAX 32 /* ASIDs 1..PROCESS_MAX are handed out; 0 is the kernel's table */

enum process_status {
	PROCESS_OK,
	PROCESS_ERR_INVALID, /* NULL argument, storage in use, bad priority */
	PROCESS_ERR_NOT_INITIALISED, /* process_init has not run */
	PROCESS_ERR_BAD_ELF, /* not a static little-endian AArch64 executable inside the user range */
	PROCESS_ERR_NO_MEMORY, /* the page pool is exhausted */
	PROCESS_ERR_NO_ASID, /* PROCESS_MAX processes exist already */
	PROCESS_ERR_STATE, /* waiting for a process never started */
	PROCESS_STATUS_COUNT,
};

const char *process_status_name(enum process_status status);

/* How a process ended, for process_wait. */
enum process_end {
	PROCESS_END_RUNNING,
	PROCESS_END_EXITED, /* exit or exit_group; code is its status */
	PROCESS_END_FAULTED, /* killed by a fault; code is the ESR exception class */
};

struct address_space {
	uint64_t *level1; /* the TTBR0 table: kernel blocks + the user level-2 table */
	uint64_t *level2; /* the user block's 512 level-3 table pointers (as descriptors) */
	uint16_t asid;
	uint64_t pages; /* user pages mapped, for reports */
};

/* State that lives in EL0-visible registers and that no kernel code touches: saved lazily, only
 * when another process is about to return to EL0 (user_context.c). */
struct user_registers {
	__uint128_t v[32];
	uint64_t fpcr;
	uint64_t fpsr;
	uint64_t sp_el0;
	uint64_t tpidr_el0;
};

struct process {
	struct tenon_thread thread; /* first: the thread is the process */
	struct address_space space;
	struct user_registers user;
	const char *name;
	unsigned pid;
	uint64_t entry;
	uint64_t stack_pointer;
	uint64_t brk_start, brk; /* the heap: [brk_start, brk), page-granular mappings below */
	uint64_t mmap_next; /* lowest address a new anonymous mapping is searched from */
	enum process_end end;
	int code;
#ifdef CONFIG_TENON_PROCESS_CHANNELS
	struct channel_msg *channels[TENON_PROCESS_CHANNELS]; /* granted by its creator */
	uint8_t channel_bounce[TENON_CHANNEL_MESSAGE_MAX];
#endif
	uint8_t kernel_stack[PROCESS_KERNEL_STACK_SIZE] __attribute__((aligned(16)));
};

/*
 * Sets up the page pool (page aligned, whole pages), Tenon's own kernel table (from now on TTBR0
 * holds it or a process's table) and the EL0 exception vectors. uart_base is the PL011 that
 * read(0, ...) polls. Call once, from a thread, after platform_start.
 */
enum process_status process_init(void *pool, size_t pool_size, uintptr_t uart_base);

/* Loads elf (a static ET_EXEC image linked inside the user range) into a new address space and
 * starts it as a thread at priority. */
enum process_status process_create(struct process *process, const char *name, const void *elf,
				   size_t elf_size, unsigned priority);

/* Waits until process has ended; *end and *code (either may be NULL) say how. Its storage may
 * then be reused. */
enum process_status process_wait(struct process *process, enum process_end *end, int *code);

#ifdef CONFIG_TENON_PROCESS_CHANNELS
struct channel_msg;
/*
 * Lets process use messages (an open channel-msg end: channel_msg_open_tenon, or any binding) as
 * channel handle (tenon_syscall.h), before process_create starts it or while it runs; NULL
 * withdraws it. Grants belong to the storage and outlive the process in it. The process then is
 * that end's sender and receiver: no thread may use the same direction meanwhile.
 * PROCESS_ERR_INVALID for a NULL process or a handle out of range.
 */
enum process_status process_grant_channel(struct process *process, unsigned handle,
					  struct channel_msg *messages);
#endif

/* Pages left in the pool. */
uint64_t process_free_pages(void);

#endif
