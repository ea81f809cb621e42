/* SPDX-License-Identifier: Apache-2.0 */
#include "cpu.h"

#include <assert.h>
#include <string.h>

#define FAKE_SYSREG_CAPACITY 64

struct fake_sysreg {
	const char *name;
	uint64_t value;
	unsigned writes;
	uint64_t (*on_read)(void);
};

static struct fake_sysreg fake_sysregs[FAKE_SYSREG_CAPACITY];
unsigned cpu_fake_wfi_count;
unsigned cpu_fake_tlb_invalidations;

static struct fake_sysreg *fake_sysreg_find(const char *name)
{
	for (unsigned i = 0; i < FAKE_SYSREG_CAPACITY; i++) {
		if (fake_sysregs[i].name == NULL) {
			fake_sysregs[i].name = name;
			return &fake_sysregs[i];
		}
		if (strcmp(fake_sysregs[i].name, name) == 0)
			return &fake_sysregs[i];
	}
	assert(!"cpu_fake: too many distinct system registers");
	return NULL;
}

uint64_t cpu_fake_sysreg_read(const char *name)
{
	struct fake_sysreg *reg = fake_sysreg_find(name);

	if (reg->on_read != NULL)
		reg->value = reg->on_read();
	return reg->value;
}

void cpu_fake_sysreg_write(const char *name, uint64_t value)
{
	struct fake_sysreg *reg = fake_sysreg_find(name);

	reg->value = value;
	reg->writes++;
}

unsigned cpu_fake_write_count(const char *name)
{
	return fake_sysreg_find(name)->writes;
}

void cpu_fake_on_read(const char *name, uint64_t (*hook)(void))
{
	fake_sysreg_find(name)->on_read = hook;
}

void cpu_fake_reset(void)
{
	memset(fake_sysregs, 0, sizeof(fake_sysregs));
	cpu_fake_wfi_count = 0;
}
