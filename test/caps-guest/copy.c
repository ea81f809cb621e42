/* SPDX-License-Identifier: Apache-2.0 */
/*
 * partition.copy over several HC_COPY_STEP steps, with overlapping ranges both ways: it must copy
 * as memmove does, the steps backwards when the destination lies above the source.
 */
#include "guest.h"

#include "console.h"

#define COPY_LENGTH (3 * HC_COPY_STEP + 1234)
#define COPY_SHIFT 4097 /* overlapping, and not a multiple of any step */

static uint8_t buffer[COPY_LENGTH + COPY_SHIFT];

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 7 + (i >> 9));
}

/* Copies COPY_LENGTH bytes of the pattern by COPY_SHIFT bytes up or down: wrong bytes. */
static unsigned copy_shifted(bool up)
{
	struct hc_registers r;
	uint64_t base = (uintptr_t)buffer - CONFIG_PLATFORM_RAM_BASE; /* offset in the RAM cap */
	uint64_t from = up ? 0 : COPY_SHIFT, to = up ? COPY_SHIFT : 0;
	unsigned wrong = 0;

	for (uint64_t i = 0; i < COPY_LENGTH; i++)
		buffer[from + i] = pattern(i);
	if (guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), SEL_RAM, SEL_RAM,
		       base + to, base + from, COPY_LENGTH) != CAP_OK)
		return COPY_LENGTH;
	for (uint64_t i = 0; i < COPY_LENGTH; i++)
		wrong += buffer[to + i] != pattern(i);
	return wrong;
}

void copy_run(unsigned *failed)
{
	unsigned up = copy_shifted(true), down = copy_shifted(false);

	console_printf("caps guest: copy of %u bytes in steps: %u wrong shifted up, %u wrong "
		       "shifted down\n",
		       COPY_LENGTH, up, down);
	*failed = (up != 0) + (down != 0);
}
