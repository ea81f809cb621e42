/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tenon's multi-process test image: seven musl programs run as EL0 processes side by side (two of
 * them twice under other names), one tries hostile syscall arguments, two fault, one exchanges
 * channel messages with a thread of this image, the others must still finish; then every page
 * must be back in the pool, broken images must be refused, and a process slot and its ASID must
 * be reusable.
 */
#include "tenon.h"

#include <stddef.h>
#include <string.h>

#include "array_length.h"
#include "boot.h"
#include "channel_msg.h"
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
extern const uint8_t app_messenger[], app_messenger_end[];

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
	{"messenger", app_messenger, app_messenger_end},
};
#define PROGRAMS (ARRAY_LENGTH(programs))

static struct tenon_thread main_thread;
static struct process processes[PROGRAMS];
static uint8_t pool[POOL_SIZE] __attribute__((aligned(4096)));

/*
 * The messenger's channel: both ends in this image, over memory of its own, each end's doorbell a
 * semaphore the other gives; a thread answers at end 1 what the process sends at end 0.
 */
struct local_end {
	struct tenon_semaphore rung;
	struct local_end *peer;
};

static struct local_end local_ends[2];
static struct channel_msg process_end, thread_end;
static uint8_t channel_memory[8192] __attribute__((aligned(64)));
static struct tenon_thread echo_thread;
static uint8_t echo_stack[8192] __attribute__((aligned(16)));
static char echo_message[128];

static void local_ring(void *context)
{
	tenon_sem_give(&((struct local_end *)context)->peer->rung);
}

static void local_wait(void *context, uint64_t timeout_ns)
{
	tenon_sem_take(&((struct local_end *)context)->rung, timeout_ns);
}

static uint64_t local_now(void *context)
{
	(void)context;
	return tenon_time_now_ns();
}

static const struct channel_msg_ops local_ops = {local_ring, local_wait, local_now};

static void echo(void *arg)
{
	char reply[sizeof(echo_message) + 6] = "echo: ";
	size_t length;

	(void)arg;
	do {
		if (channel_msg_receive(&thread_end, echo_message, sizeof(echo_message), &length,
					CHANNEL_MSG_WAIT_FOREVER) != MSG_RING_OK) {
			console_printf("FAIL echo thread: receive\n");
			return;
		}
		memcpy(reply + 6, echo_message, length);
		if (channel_msg_send(&thread_end, reply, length + 6, CHANNEL_MSG_WAIT_FOREVER) !=
		    MSG_RING_OK)
			console_printf("FAIL echo thread: send\n");
	} while (length != 3 || memcmp(echo_message, "bye", 3) != 0);
}

static bool open_local_channel(struct process *messenger)
{
	for (unsigned end = 0; end < 2; end++) {
		tenon_sem_init(&local_ends[end].rung, 0, 1);
		local_ends[end].peer = &local_ends[1 - end];
	}
	return channel_msg_init(&process_end, channel_memory, sizeof(channel_memory), 0, true,
				&local_ops, &local_ends[0]) == MSG_RING_OK &&
	       channel_msg_init(&thread_end, channel_memory, sizeof(channel_memory), 1, false,
				&local_ops, &local_ends[1]) == MSG_RING_OK &&
	       process_grant_channel(messenger, 0, &process_end) == PROCESS_OK &&
	       process_grant_channel(messenger, TENON_PROCESS_CHANNELS, &process_end) ==
		       PROCESS_ERR_INVALID &&
	       tenon_thread_create(&echo_thread, "echo", echo, NULL, PROCESS_PRIORITY, echo_stack,
				   sizeof(echo_stack)) == TENON_OK;
}

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
	if (!open_local_channel(&processes[PROGRAMS - 1]))
		console_printf("FAIL the messenger's channel\n");
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
