/* SPDX-License-Identifier: Apache-2.0 */
/*
 * partition.map of hostile IPA, kind and overlap combinations on its own partition. A stage-2
 * fault without a VMM would stop the partition, so the guest reads only through mappings
 * Mortise accepted, and there it must find its own page.
 */
#include "hostile.h"

#include "array_length.h"
#include "console.h"
#include "sync.h"

/* The guest's bootstrap identity map covers the first 4 GiB (shared-libs/boot/boot.h). */
#define STAGE1_LIMIT (4ULL << 30)
#define RAM_SIZE (16ULL << 20)
#define SCAN_PAGE_OFFSET MAP_PAGES_OFFSET
#define ROLLBACK_OFFSET (MAP_PAGES_OFFSET + 2 * PAGE_SIZE)
/* Free in this partition's IPA space and inside the stage-1 map. */
#define ROLLBACK_IPA 0x90000000ULL
#define SCAN_KINDS 4
#define MAX_ACCEPTED 128

/* Write-back RAM, a device, the first kind that does not exist, and the last. */
static const uint64_t scan_kinds[SCAN_KINDS] = {HC_MAP_NORMAL, HC_MAP_DEVICE,
						HC_MAP_NORMAL_NONCACHEABLE + 1, UINT64_MAX};
static uint64_t accepted_ipas[MAX_ACCEPTED];
static unsigned accepted_count;

static enum cap_status map(cap_selector memory, uint64_t ipa, uint64_t kind)
{
	struct hc_registers r;

	return call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), SEL_SELF, memory, ipa, kind, 0);
}

/* An aligned load at an address C may not dereference (0 is one): plain LDR. */
static uint64_t load_through(uint64_t address)
{
	uint64_t value;

	__asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(address) : "memory");
	return value;
}

/* The page at offset of RAM, seen at ipa: a fresh pattern written one way must read the other. */
static void check_alias(uint64_t ipa, uint64_t offset)
{
	volatile uint64_t *page = (volatile uint64_t *)(uintptr_t)(RAM_IPA + offset);
	uint64_t pattern = ipa ^ 0x5eedf00d5eedf00dULL;

	*page = pattern;
	barrier_full();
	uint64_t seen = load_through(ipa);
	if (seen != pattern)
		mismatch("IPA 0x%llx mapped to RAM offset 0x%llx reads 0x%llx, not 0x%llx",
			 (unsigned long long)ipa, (unsigned long long)offset,
			 (unsigned long long)seen, (unsigned long long)pattern);
}

static bool overlaps_mapped(uint64_t ipa)
{
	if (ipa + PAGE_SIZE > RAM_IPA && ipa < RAM_IPA + RAM_SIZE)
		return true;
	for (unsigned i = 0; i < accepted_count; i++) {
		if (ipa + PAGE_SIZE > accepted_ipas[i] && ipa < accepted_ipas[i] + PAGE_SIZE)
			return true;
	}
	return false;
}

static void scan_one(cap_selector page, uint64_t ipa, uint64_t kind, unsigned *accepted)
{
	bool forbidden = kind != HC_MAP_NORMAL || (ipa & (PAGE_SIZE - 1)) != 0 ||
			 ipa + PAGE_SIZE < ipa || overlaps_mapped(ipa);
	enum cap_status status = map(page, ipa, kind);

	if (status == CAP_OK && forbidden) {
		mismatch("partition.map accepted IPA 0x%llx kind %lld", (unsigned long long)ipa,
			 (long long)kind);
	} else if (status == CAP_OK) {
		if (accepted_count < MAX_ACCEPTED)
			accepted_ipas[accepted_count++] = ipa;
		(*accepted)++;
		if (ipa < STAGE1_LIMIT)
			check_alias(ipa, SCAN_PAGE_OFFSET);
	} else if (status != CAP_INVALID_ARGUMENT && status != CAP_NO_MEMORY) {
		mismatch("partition.map of IPA 0x%llx kind %lld: %s", (unsigned long long)ipa,
			 (long long)kind, cap_status_name(status));
	}
}

/*
 * Issue 14 item 2: a map whose second page overlaps must leave its first page unmapped, so that
 * the same IPA can take another page afterwards.
 */
static void check_failed_map_changes_nothing(void)
{
	cap_selector both = derive_held(CAP_RIGHT_READ | CAP_RIGHT_WRITE, ROLLBACK_OFFSET,
					2 * PAGE_SIZE);
	cap_selector first = derive_held(CAP_RIGHT_READ | CAP_RIGHT_WRITE, ROLLBACK_OFFSET,
					 PAGE_SIZE);
	cap_selector second = derive_held(CAP_RIGHT_READ | CAP_RIGHT_WRITE,
					  ROLLBACK_OFFSET + PAGE_SIZE, PAGE_SIZE);
	enum cap_status status;

	if ((status = map(second, ROLLBACK_IPA + PAGE_SIZE, HC_MAP_NORMAL)) != CAP_OK) {
		mismatch("mapping one page at 0x%llx: %s", ROLLBACK_IPA + PAGE_SIZE,
			 cap_status_name(status));
		return;
	}
	check_alias(ROLLBACK_IPA + PAGE_SIZE, ROLLBACK_OFFSET + PAGE_SIZE);
	if ((status = map(both, ROLLBACK_IPA, HC_MAP_NORMAL)) == CAP_OK)
		mismatch("two pages mapped over a mapped one at 0x%llx", ROLLBACK_IPA + PAGE_SIZE);
	if ((status = map(first, ROLLBACK_IPA, HC_MAP_NORMAL)) != CAP_OK)
		mismatch("a failed partition.map left its first page at 0x%llx: mapping it again: %s",
			 ROLLBACK_IPA, cap_status_name(status));
	else
		check_alias(ROLLBACK_IPA, ROLLBACK_OFFSET);
}

void ipa_scan(void)
{
	cap_selector page = derive_held(CAP_RIGHT_READ | CAP_RIGHT_WRITE, SCAN_PAGE_OFFSET,
					PAGE_SIZE);
	static const int64_t deltas[] = {-(int64_t)PAGE_SIZE, 0, 1};
	unsigned tried = 0, accepted = 0;

	/* First, while this partition still has room for stage-2 tables. */
	check_failed_map_changes_nothing();

	/* Every power of two of the 64-bit IPA space, a page below it, and unaligned. */
	for (unsigned shift = 12; shift < 64; shift++) {
		for (unsigned d = 0; d < ARRAY_LENGTH(deltas); d++) {
			for (unsigned k = 0; k < SCAN_KINDS; k++) {
				scan_one(page, (1ULL << shift) + (uint64_t)deltas[d], scan_kinds[k],
					 &accepted);
				tried++;
			}
		}
	}
	scan_one(page, 0, HC_MAP_NORMAL, &accepted);
	scan_one(page, UINT64_MAX & ~(PAGE_SIZE - 1), HC_MAP_NORMAL, &accepted);
	tried += 2;
	console_printf("hostile: IPA scan: %u maps tried, %u accepted and read back\n", tried,
		       accepted);
}
