/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tenon's multi-process test image: six musl programs run as EL0 processes side by side (two of
 * them twice under other names), one tries hostile syscall arguments, two fault, the others must still finish; then every page
 * must be back in the pool, broken images must be refused, and a process slot and its ASID must
 * be reusable.
 */
#include "tenon.h"

#include <stddef.h>

#include "array_length.h"
#include "boot.h"
#include "console.h"
#include "process.h"

#define POOL_SIZE (8u * 1024u * 1024u)
#define MAIN_PRIORITY (CONFIG_TENON_PRIORITIES / 2 - 1) /* starts them all before any runs */
#define PROCESS_PRIORITY (CONFIG_TENON_PRIORITIES / 2)

extern const uint8_t app_hello[], app_hello_end[];
extern const uint8_t app_heap[], app_heap_end[];
extern const uint8_t app_sleeper[], app_sleeper_end[];
extern const uint8_t app_crasher[], app_crasher_end[];
extern const uint8_t app_fpu[], app_fpu_end[];
extern const uint8_t app_hostile[], app_hostile_end[];

struct program {
	const char *name;
	const uint8_t *start;
	const uint8_t *end;
};

static const struct program programs[] = {
	{"hello", app_hello, app_hello_end},	   {"sleeper", app_sleeper, app_sleeper_end},
	{"crasher", app_crasher, app_crasher_end}, {"heap", app_heap, app_heap_end},
	{"snooper", app_crasher, app_crasher_end}, {"fpu-a", app_fpu, app_fpu_end},
	{"fpu-b", app_fpu, app_fpu_end},	   {"hostile", app_hostile, app_hostile_end},
};
#define PROGRAMS (ARRAY_LENGTH(programs))

static struct tenon_thread main_thread;
static struct process processes[PROGRAMS];
static uint8_t pool[POOL_SIZE] __attribute__((aligned(4096)));

static bool start(struct process *process, const struct program *program)
{
	enum process_status status =
		process_create(process, program->name, program->start,
			       (size_t)(program->end - program->start), PROCESS_PRIORITY);
	if (status != PROCESS_OK) {
		console_printf("FAIL process %s: %s\n", program->name, process_status_name(status));
		return false;
	}
	console_printf("Tenon: started process %u (%s)\n", process->pid, program->name);
	return true;
}

static void report(struct process *process, unsigned *exited, unsigned *faulted)
{
	enum process_end end;
	int code;

	if (process_wait(process, &end, &code) != PROCESS_OK) {
		console_printf("FAIL wait for %s\n", process->name);
		return;
	}
	if (end == PROCESS_END_EXITED) {
		console_printf("Tenon: process %u (%s) exited with status %d\n", process->pid,
			       process->name, code);
		++*exited;
	} else {
		console_printf("Tenon: process %u (%s) ended by a fault, class 0x%02x\n",
			       process->pid, process->name, (unsigned)code);
		++*faulted;
	}
}

/* Images the loader must refuse, each without leaking a page. */
static bool bad_images_refused(struct process *slot)
{
	static const uint8_t garbage[256] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
	uint64_t before = process_free_pages();
	size_t hello_size = (size_t)(app_hello_end - app_hello);

	bool refused = process_create(slot, "garbage", garbage, sizeof(garbage), PROCESS_PRIORITY) ==
			       PROCESS_ERR_BAD_ELF &&
		       process_create(slot, "truncated", app_hello, 100, PROCESS_PRIORITY) ==
			       PROCESS_ERR_BAD_ELF &&
		       process_create(slot, "half", app_hello, hello_size / 2, PROCESS_PRIORITY) ==
			       PROCESS_ERR_BAD_ELF;
	return refused && process_free_pages() == before;
}

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, MAIN_PRIORITY);
	enum process_status status = process_init(pool, sizeof(pool), CONFIG_PLATFORM_EARLY_UART);
	if (status != PROCESS_OK) {
		console_printf("FAIL process_init: %s\n", process_status_name(status));
		tenon_power_off();
	}
	uint64_t free_at_start = process_free_pages();
	console_printf("Tenon: processes: %llu pages for EL0 processes\n",
		       (unsigned long long)free_at_start);

	unsigned started = 0, exited = 0, faulted = 0;
	for (unsigned i = 0; i < PROGRAMS; i++)
		started += start(&processes[i], &programs[i]);
	for (unsigned i = 0; i < PROGRAMS; i++)
		report(&processes[i], &exited, &faulted);
	console_printf("Tenon: processes: %u started, %u exited, %u faulted\n", started, exited,
		       faulted);
	uint64_t free_at_end = process_free_pages();
	console_printf("Tenon: processes: %s\n", free_at_end == free_at_start ?
							 "every page back in the pool" :
							 "FAIL pages leaked");

	console_printf("Tenon: processes: bad images refused: %s\n",
		       bad_images_refused(&processes[0]) ? "yes" : "FAIL");

	/* The first slot (and a recycled ASID) runs a new process. */
	if (start(&processes[0], &programs[0]))
		report(&processes[0], &exited, &faulted);
	console_printf("Tenon: processes: done, %s\n",
		       process_free_pages() == free_at_start ? "every page back in the pool" :
							       "FAIL pages leaked");
	tenon_power_off();
}
