/* SPDX-License-Identifier: Apache-2.0 */
/* The parts of the process layer among themselves. */
#ifndef TENON_PROCESS_INTERNAL_H
#define TENON_PROCESS_INTERNAL_H

#include <stdbool.h>

#include "exception.h"
#include "process.h"
#include "tenon_syscall.h"

/* User address space layout inside [PROCESS_USER_BASE, PROCESS_USER_END): the image from the
 * base, its brk heap right after it, anonymous mmaps in their own window, the stack at the top
 * below one unmapped guard page at the very end. */
#define USER_MMAP_BASE 0xa0000000ULL
#define USER_STACK_TOP (PROCESS_USER_END - 4096u)
#define USER_STACK_BOTTOM (USER_STACK_TOP - PROCESS_STACK_SIZE)
#define USER_MMAP_END (USER_STACK_BOTTOM - 4096u) /* a guard page under the stack */
#define USER_IMAGE_END (USER_MMAP_BASE - PROCESS_HEAP_LIMIT)

/* Page rights as mmap's PROT_* bits. */
#define USER_PROT_READ 0x1u
#define USER_PROT_WRITE 0x2u
#define USER_PROT_EXEC 0x4u

static inline uint64_t page_round_up(uint64_t value)
{
	return (value + 4095u) & ~4095ull;
}

/* address_space.c: the page pool and the per-process tables. */
enum process_status pool_init(void *pool, size_t pool_size);
uint64_t pool_free_pages(void);
/* Switches this CPU from the boot map to Tenon's kernel table (ASID 0). */
void address_space_kernel_install(void);
uint64_t address_space_kernel_ttbr(void);
enum process_status address_space_create(struct address_space *space, uint16_t asid);
/* Every page of the space back to the pool; the TLB forgets its ASID. The CPU must not be using
 * the table any more. */
void address_space_destroy(struct address_space *space);
uint64_t address_space_ttbr(const struct address_space *space);
/* The lowest page-aligned va in [low, high) starting pages free pages (first fit), or 0. */
uint64_t address_space_find_free(const struct address_space *space, uint64_t low, uint64_t high,
				 uint64_t pages);
/* Maps fresh zeroed pages at the page-aligned va; on failure nothing stays mapped. prot 0
 * reserves the pages (they fault) until address_space_protect gives them rights. Pages mapped
 * already keep their frame and get the union of the rights (two ELF segments sharing a page). */
enum process_status address_space_map(struct address_space *space, uint64_t va, uint64_t pages,
				      unsigned prot);
/* Unmaps whatever is mapped in the range, returning the frames to the pool. */
void address_space_unmap(struct address_space *space, uint64_t va, uint64_t pages);
/* New rights for mapped pages; false (and nothing changes) if a page of the range is unmapped. */
bool address_space_protect(struct address_space *space, uint64_t va, uint64_t pages,
			   unsigned prot);
/* Kernel access to user memory, checked against what EL0 itself may do there (a write needs an
 * EL0-writable page): through the frames' identity mapping, never through the user VA, so it
 * works whichever table TTBR0 holds. Return false on any page that EL0 could not access. */
bool user_range_ok(const struct address_space *space, uint64_t va, uint64_t length, bool write);
bool copy_from_user(const struct address_space *space, void *to, uint64_t va, uint64_t length);
bool copy_to_user(const struct address_space *space, uint64_t va, const void *from,
		  uint64_t length);
/* Loader access: writes whatever the rights (the image's text is read-only to EL0). */
bool copy_into_space(const struct address_space *space, uint64_t va, const void *from,
		     uint64_t length, bool make_executable);

/* elf_load.c: the image's segments and the initial stack (argc, argv, envp, auxv). */
enum process_status elf_load(struct process *process, const void *elf, size_t elf_size);

/* user_context.c */
/* With interrupts masked, right before an eret to process's EL0: its table and EL0 registers. */
void user_return_prepare(struct process *process);
/* process ends: its registers and table leave the CPU. */
void user_context_forget(struct process *process);
/* user_registers.S */
void user_registers_save(struct user_registers *registers);
void user_registers_load(const struct user_registers *registers);
_Noreturn void user_enter(uint64_t entry);

/* process.c */
struct process *process_current(void);
/* Ends the calling process; never returns. */
_Noreturn void process_finish(struct process *process, enum process_end end, int code);

/* Linux errno values (asm-generic/errno-base.h, errno.h), negated as syscalls answer them. */
#define ERR_BADF 9
#define ERR_AGAIN 11
#define ERR_NOMEM 12
#define ERR_FAULT 14
#define ERR_INVAL 22
#define ERR_NOTTY 25
#define ERR_NOSYS 38
#define ERR_MSGSIZE 90
#define ERR_IO 5
#define ERR_TIMEDOUT 110

static inline int64_t error(int number)
{
	return -(int64_t)number;
}

/* channel_syscall.c (CONFIG_TENON_PROCESS_CHANNELS): the Tenon calls of tenon_syscall.h. */
int64_t syscall_channel_send(struct process *process, uint64_t handle, uint64_t buffer,
			     uint64_t length, uint64_t timeout_ns);
int64_t syscall_channel_receive(struct process *process, uint64_t handle, uint64_t buffer,
				uint64_t size, uint64_t timeout_ns);

/* syscall.c */
void syscall_set_console_input(uintptr_t uart_base);
void syscall_dispatch(struct process *process, struct trap_frame *frame);

#endif
