/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What each 4 KiB page of RAM is to partitions: mapped into them (how many times), or donated as
 * kernel memory (a partition's stage-2 tables and vCPUs). Donated memory is the kernel's alone: a
 * map or a copy touching it is refused, and memory mapped anywhere cannot be donated, so no
 * partition ever reaches its own or another's tables or vCPUs. One byte per page, allocated once at boot from Mortise's
 * memory: the bookkeeping is bounded by the RAM the devicetree names, whatever guests do.
 */
#include "frames.h"
#include "machine.h"
#include "memory.h"

#include <string.h>

#include "console.h"
#include "cpu.h"
#include "sync.h"

#define FRAME_DONATED 0xffu
#define FRAME_MAPPED_MAX 0xfeu /* a page mapped more often than this: CAP_NO_MEMORY */

struct frame_range {
	uint64_t first_page, page_count;
	uint8_t *states; /* FRAME_DONATED or how many mappings, per page */
};

/* Written once at boot. */
static struct frame_range frame_ranges[DTB_MAX_MEMORY_RANGES];
static unsigned frame_range_count;
/*
 * Guards every frame state and every partition's stage-2 tables and their use of its donated
 * memory: a map checks and writes both as one step, and a copy holds it while it copies, so
 * memory cannot become donated under a map or a copy in flight.
 */
static struct spinlock frames_lock;
/* Pages in the FRAME_DONATED state: frames_lock for writes, read without it. */
static uint64_t donated_pages;

bool frames_init(void)
{
	for (unsigned i = 0; i < machine.platform.memory_count; i++) {
		const struct dtb_range *ram = &machine.platform.memory[i];
		struct frame_range *range = &frame_ranges[frame_range_count];
		if (ram->size == 0 || ram->base > UINT64_MAX - ram->size)
			continue;
		range->first_page = (ram->base + PAGE_SIZE - 1) / PAGE_SIZE;
		uint64_t end_page = (ram->base + ram->size) / PAGE_SIZE;
		if (end_page <= range->first_page)
			continue;
		range->page_count = end_page - range->first_page;
		range->states = memory_alloc((range->page_count + PAGE_SIZE - 1) / PAGE_SIZE, 1);
		if (range->states == NULL) {
			console_printf("Mortise: boot error: no memory for the page states of RAM "
				       "at 0x%llx\n", (unsigned long long)ram->base);
			return false;
		}
		cpu_zero(range->states, range->page_count);
		frame_range_count++;
	}
	return true;
}

/*
 * The states of the pages [base, base + size) touches, all in one RAM range; NULL when they are
 * not. *count is how many (0 for size 0).
 */
static uint8_t *frame_states(uint64_t base, uint64_t size, uint64_t *count)
{
	uint64_t first = base / PAGE_SIZE;

	*count = 0;
	if (size != 0 && base > UINT64_MAX - (size - 1))
		return NULL;
	if (size != 0)
		*count = (base + (size - 1)) / PAGE_SIZE - first + 1;
	for (unsigned i = 0; i < frame_range_count; i++) {
		const struct frame_range *range = &frame_ranges[i];
		if (first >= range->first_page && *count <= range->page_count &&
		    first - range->first_page <= range->page_count - *count)
			return &range->states[first - range->first_page];
	}
	return NULL;
}

/*
 * Page states are read and counted eight to a word: mapping a partition's RAM touches one state
 * per page (4,096 for 16 MiB), the largest part of building a partition at boot.
 */
typedef uint64_t __attribute__((may_alias)) state_word;
#define STATE_BYTES ((state_word)0x0101010101010101u)

/* Non-zero exactly when the word holds a zero byte (which one, it does not tell exactly). */
static state_word zero_byte_marks(state_word word)
{
	return (word - STATE_BYTES) & ~word & (STATE_BYTES << 7);
}

/*
 * The first of `count` states that is at least `threshold`, or NULL. threshold is FRAME_DONATED
 * or FRAME_MAPPED_MAX: a state reaches it exactly when its complement has no bit of it set.
 */
static const uint8_t *first_at_least(const uint8_t *states, uint64_t count, uint8_t threshold)
{
	const uint8_t *end = states + count;

	while (states < end && ((uintptr_t)states % sizeof(state_word) != 0 ||
				(uint64_t)(end - states) < sizeof(state_word))) {
		if (*states >= threshold)
			return states;
		states++;
	}
	const state_word mask = STATE_BYTES * threshold;
	const state_word *words = (const state_word *)states;
	/* Two words a turn, their tests merged: the loop's own instructions stay a small share. */
	for (; (uint64_t)(end - (const uint8_t *)words) >= 2 * sizeof(state_word); words += 2) {
		if ((zero_byte_marks(~words[0] & mask) | zero_byte_marks(~words[1] & mask)) != 0)
			break;
	}
	states = (const uint8_t *)words;
	for (; states < end; states++) {
		if (*states >= threshold)
			return states;
	}
	return NULL;
}

/* One more mapping of each page; none is at FRAME_MAPPED_MAX, so no byte carries into the next. */
static void count_mapping(uint8_t *states, uint64_t count)
{
	uint8_t *end = states + count;

	for (; states < end && (uintptr_t)states % sizeof(state_word) != 0; states++)
		(*states)++;
	for (; (uint64_t)(end - states) >= sizeof(state_word); states += sizeof(state_word))
		*(state_word *)states += STATE_BYTES;
	for (; states < end; states++)
		(*states)++;
}

static bool any_donated(const uint8_t *states, uint64_t count)
{
	return first_at_least(states, count, FRAME_DONATED) != NULL;
}

enum cap_status frames_donate(uint64_t base, uint64_t size)
{
	uint64_t count;
	enum cap_status status = CAP_OK;

	if (((base | size) & (PAGE_SIZE - 1)) != 0 || size == 0)
		return CAP_INVALID_ARGUMENT;
	spin_lock(&frames_lock);
	uint8_t *states = frame_states(base, size, &count);
	for (uint64_t i = 0; states != NULL && i < count; i++) {
		if (states[i] != 0)
			status = CAP_DENIED;
	}
	if (states == NULL)
		status = CAP_INVALID_ARGUMENT;
	else if (status == CAP_OK) {
		memset(states, FRAME_DONATED, count);
		__atomic_store_n(&donated_pages, donated_pages + count, __ATOMIC_RELAXED);
	}
	spin_unlock(&frames_lock);
	return status;
}

void frames_return(uint64_t base, uint64_t size)
{
	uint64_t count;

	spin_lock(&frames_lock);
	uint8_t *states = frame_states(base, size, &count);
	for (uint64_t i = 0; states != NULL && i < count; i++) {
		if (states[i] == FRAME_DONATED) {
			states[i] = 0;
			__atomic_store_n(&donated_pages, donated_pages - 1, __ATOMIC_RELAXED);
		}
	}
	spin_unlock(&frames_lock);
}

void frames_forget(struct stage2 *stage2)
{
	uint64_t ipa = 0, pa, size, count;

	spin_lock(&frames_lock);
	while (stage2_next_normal(stage2, &ipa, &pa, &size)) {
		uint8_t *states = frame_states(pa, size, &count);
		for (uint64_t i = 0; states != NULL && i < count; i++) {
			if (states[i] != FRAME_DONATED && states[i] > 0)
				states[i]--;
		}
	}
	spin_unlock(&frames_lock);
	frames_return(stage2->table_base, stage2->table_size);
}

void *frames_take_kernel_page(struct stage2 *stage2)
{
	spin_lock(&frames_lock);
	void *page = stage2_take_page(stage2);
	spin_unlock(&frames_lock);
	return page;
}

uint64_t frames_donated_pages(void)
{
	return __atomic_load_n(&donated_pages, __ATOMIC_RELAXED);
}

/* Normal memory is counted per page (it must be RAM); device memory touches no RAM. */
enum cap_status frames_map(struct stage2 *stage2, uint64_t ipa, uint64_t pa, uint64_t size,
			   enum stage2_memory memory, unsigned access)
{
	uint64_t count = 0;
	enum cap_status status = CAP_OK;

	spin_lock(&frames_lock);
	uint8_t *states = memory != STAGE2_DEVICE ? frame_states(pa, size, &count) : NULL;
	if (memory != STAGE2_DEVICE && states == NULL)
		status = CAP_INVALID_ARGUMENT;
	const uint8_t *full = states != NULL ? first_at_least(states, count, FRAME_MAPPED_MAX) : NULL;
	if (full != NULL)
		status = *full == FRAME_DONATED ? CAP_DENIED : CAP_NO_MEMORY;
	if (status == CAP_OK)
		status = stage2_map(stage2, ipa, pa, size, memory, access);
	if (states != NULL && status == CAP_OK)
		count_mapping(states, count);
	spin_unlock(&frames_lock);
	return status;
}

/* Under frames_lock: both ranges are RAM (else INVALID_ARGUMENT) and neither is donated (DENIED). */
static enum cap_status copy_allowed_locked(uint64_t destination, uint64_t source, uint64_t length)
{
	uint64_t destination_count, source_count;
	const uint8_t *to = frame_states(destination, length, &destination_count);
	const uint8_t *from = frame_states(source, length, &source_count);

	if (to == NULL || from == NULL)
		return CAP_INVALID_ARGUMENT;
	if (any_donated(to, destination_count) || any_donated(from, source_count))
		return CAP_DENIED;
	return CAP_OK;
}

enum cap_status frames_copy_allowed(uint64_t destination, uint64_t source, uint64_t length)
{
	spin_lock(&frames_lock);
	enum cap_status status = copy_allowed_locked(destination, source, length);
	spin_unlock(&frames_lock);
	return status;
}

enum cap_status frames_copy(uint64_t destination, uint64_t source, uint64_t length)
{
	spin_lock(&frames_lock);
	enum cap_status status = copy_allowed_locked(destination, source, length);
	if (status == CAP_OK && length > 0) {
		/* RAM is identity-mapped at EL2; memmove because the two ranges may overlap. */
		memmove((void *)(uintptr_t)destination, (const void *)(uintptr_t)source, length);
		cpu_sync_caches_for_execution((uintptr_t)destination, length);
	}
	spin_unlock(&frames_lock);
	return status;
}
