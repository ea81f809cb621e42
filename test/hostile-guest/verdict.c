/* SPDX-License-Identifier: Apache-2.0 */
/* What the hostile guest found wrong: counted, the first few printed as they happen. */
#include "hostile.h"

#include <stdarg.h>

#include "console.h"
#include "fmt.h"

#define PRINTED_MISMATCHES 20u
#define MISMATCH_LINE 160

static unsigned mismatch_count;
/* selector -> OWNER_* or a worker's index + 1; updated with atomics, from every CPU. */
static uint8_t owners[CONFIG_CAPS_SLOTS_PER_SPACE];

void mismatch(const char *format, ...)
{
	unsigned count = __atomic_fetch_add(&mismatch_count, 1, __ATOMIC_RELAXED);
	char line[MISMATCH_LINE];
	va_list arguments;

	if (count >= PRINTED_MISMATCHES)
		return;
	va_start(arguments, format);
	fmt_vsnprintf(line, sizeof(line), format, arguments);
	va_end(arguments);
	console_printf("hostile: mismatch: %s\n", line);
}

unsigned mismatches(void)
{
	return __atomic_load_n(&mismatch_count, __ATOMIC_RELAXED);
}

void selector_claim(cap_selector selector, unsigned owner)
{
	uint8_t none = OWNER_NONE;

	if (selector >= CONFIG_CAPS_SLOTS_PER_SPACE) {
		mismatch("selector %u handed out, beyond the %u slots", selector,
			 CONFIG_CAPS_SLOTS_PER_SPACE);
		return;
	}
	if (!__atomic_compare_exchange_n(&owners[selector], &none, (uint8_t)owner, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		mismatch("selector %u handed to holder %u while holder %u has it", selector, owner,
			 none);
}

/* Before the capability is deleted: once deleted, its slot may go to anyone at once. */
void selector_release(cap_selector selector, unsigned owner)
{
	uint8_t expected = (uint8_t)owner;

	if (selector < CONFIG_CAPS_SLOTS_PER_SPACE)
		__atomic_compare_exchange_n(&owners[selector], &expected, OWNER_NONE, false,
					    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

unsigned selector_owner(cap_selector selector)
{
	return selector < CONFIG_CAPS_SLOTS_PER_SPACE ?
		       __atomic_load_n(&owners[selector], __ATOMIC_ACQUIRE) :
		       OWNER_NONE;
}
