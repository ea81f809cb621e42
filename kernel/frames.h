/* SPDX-License-Identifier: Apache-2.0 */
#ifndef KERNEL_FRAMES_H
#define KERNEL_FRAMES_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "stage2.h"

/*
 * frames.c: each RAM page mapped (how often) or donated as a partition's kernel memory; refuses
 * what would let a partition reach donated memory. frames_init runs once after memory_init.
 */
bool frames_init(void);
/*
 * Donates [base, base + size): CAP_INVALID_ARGUMENT unless whole pages inside one RAM range,
 * CAP_DENIED if any page is donated or mapped already. frames_return gives it back.
 */
enum cap_status frames_donate(uint64_t base, uint64_t size);
void frames_return(uint64_t base, uint64_t size);
/*
 * The partition of stage2 is destroyed: every page it mapped counts one mapping less, and its
 * kernel memory is returned undonated to whoever holds it (its donor's memory capability). The
 * caller made sure it runs nowhere and emptied the TLBs of its VMID (stage2_forget).
 */
void frames_forget(struct stage2 *stage2);
/* stage2_take_page under the lock that guards the partition's kernel memory. */
void *frames_take_kernel_page(struct stage2 *stage2);
/* How many pages are donated and not yet returned: hypervisor.stats. */
uint64_t frames_donated_pages(void);
/*
 * stage2_map, refused (CAP_DENIED) when normal memory touches donated pages; normal memory must
 * be RAM (CAP_INVALID_ARGUMENT), and the caller keeps device memory out of RAM.
 */
enum cap_status frames_map(struct stage2 *stage2, uint64_t ipa, uint64_t pa, uint64_t size,
			   enum stage2_memory memory, unsigned access);
/*
 * Copies between two RAM ranges; CAP_DENIED when either touches donated pages, and then copies
 * nothing. frames_copy_allowed checks the same without copying.
 */
enum cap_status frames_copy(uint64_t destination, uint64_t source, uint64_t length);
enum cap_status frames_copy_allowed(uint64_t destination, uint64_t source, uint64_t length);

#endif
