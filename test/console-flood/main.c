/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console flood test (test/console-flood/flood.dts): one image in two partitions, which takes
 * its part from the CPUs it has.
 *   - With several CPUs it floods: a thread on each CPU writes lines for FLOOD_NS, each line one
 *     console.write call straight to Mortise, with no lock of the guest's, so the vCPUs write at
 *     once. Writer W's line is "wW NNNNNN " and PATTERN_LENGTH times the letter 'a' + W, with
 *     NNNNNN its own sequence number: a line mixed from two writers, or bytes written twice, no
 *     longer reads so (check.sh). Then, once a period of its budget has passed, it reports how
 *     long the flood took.
 *   - With one CPU it writes STEADY_LINES numbered lines, one every STEADY_PERIOD_NS, each of
 *     which must appear, in order, whatever the flood does.
 */
#include "tenon.h"

#include "array_length.h"
#include "boot.h"
#include "console.h"
#include "gtimer.h"
#include "hvc.h"

#define MAIN_PRIORITY 10
#define FLOOD_NS 400000000ULL
/* Longer than the flooder's budget period in flood.dts: the budget refills before the report. */
#define SETTLE_NS 200000000ULL
#define STEADY_LINES 60u
#define STEADY_PERIOD_NS 10000000ULL
#define PATTERN_LENGTH 28
#define STACK 8192

/* "wW NNNNNN " + pattern + newline: one console.write call. */
#define LINE_LENGTH (10 + PATTERN_LENGTH + 1)
_Static_assert(LINE_LENGTH <= HC_CONSOLE_WRITE_MAX, "a flood line is one console.write call");

struct writer {
	unsigned index;
	uint32_t console;
	uint64_t end; /* virtual counter value at which it stops */
	uint64_t lines, refused;
};

static struct tenon_thread main_thread;
TENON_THREAD_STORAGE(writer_0, STACK);
TENON_THREAD_STORAGE(writer_1, STACK);
TENON_THREAD_STORAGE(writer_2, STACK);
TENON_THREAD_STORAGE(writer_3, STACK);
static struct tenon_thread *const writer_threads[] = {&writer_0, &writer_1, &writer_2, &writer_3};
static uint8_t *const writer_stacks[] = {writer_0_stack, writer_1_stack, writer_2_stack,
					 writer_3_stack};
#define MAX_WRITERS (ARRAY_LENGTH(writer_threads))
static struct writer writers[MAX_WRITERS];

static void format_line(char *line, unsigned writer, uint64_t sequence)
{
	line[0] = 'w';
	line[1] = (char)('0' + writer);
	line[2] = ' ';
	for (int digit = 8; digit >= 3; digit--, sequence /= 10)
		line[digit] = (char)('0' + sequence % 10);
	line[9] = ' ';
	for (unsigned i = 0; i < PATTERN_LENGTH; i++)
		line[10 + i] = (char)('a' + writer);
	line[LINE_LENGTH - 1] = '\n';
}

static void flood(void *argument)
{
	struct writer *writer = argument;

	for (uint64_t sequence = 0; gtimer_virtual_counter() < writer->end; sequence++) {
		struct hc_registers r = {
			.x = {HC_ID(HC_GROUP_CONSOLE, HC_CONSOLE_WRITE), writer->console, LINE_LENGTH}};
		format_line((char *)&r.x[3], writer->index, sequence);
		if (hvc_call(&r) != CAP_OK)
			writer->refused++;
		writer->lines++;
	}
}

static void flood_from_every_cpu(unsigned cpus)
{
	uint64_t frequency = gtimer_frequency();
	uint64_t start = gtimer_virtual_counter();
	uint64_t lines = 0, refused = 0;

	if (cpus > MAX_WRITERS)
		cpus = MAX_WRITERS;
	/* CPU 0's writer last: it may preempt main, which has then made the others. */
	for (unsigned cpu = cpus; cpu-- > 0;) {
		writers[cpu] = (struct writer){
			.index = cpu,
			.console = platform_description()->console_capability,
			.end = start + gtimer_ticks_from_ns(frequency, FLOOD_NS),
		};
		tenon_thread_create_on(writer_threads[cpu], "writer", flood, &writers[cpu],
				       MAIN_PRIORITY, writer_stacks[cpu], STACK, cpu);
	}
	for (unsigned cpu = 0; cpu < cpus; cpu++) {
		tenon_thread_join(writer_threads[cpu], TENON_WAIT_FOREVER);
		lines += writers[cpu].lines;
		refused += writers[cpu].refused;
	}
	/* Rounded up, so that the checker's bound never counts a period short. */
	uint64_t elapsed_us =
		gtimer_ns_from_ticks(frequency, gtimer_virtual_counter() - start) / 1000 + 1;
	tenon_thread_sleep_ns(SETTLE_NS);
	console_printf("flood: %u writers wrote %llu lines in %llu us, %llu calls refused\n", cpus,
		       (unsigned long long)lines, (unsigned long long)elapsed_us,
		       (unsigned long long)refused);
}

static void write_steadily(void)
{
	uint64_t release = tenon_time_now_ns();

	for (unsigned line = 1; line <= STEADY_LINES; line++) {
		console_printf("steady %u\n", line);
		release += STEADY_PERIOD_NS;
		tenon_thread_sleep_until_ns(release);
	}
	console_printf("steady: %u lines\n", STEADY_LINES);
}

void image_main(const void *dtb)
{
	platform_start(dtb, &main_thread, MAIN_PRIORITY);

	unsigned cpus = tenon_cpus_online();
	if (cpus > 1)
		flood_from_every_cpu(cpus);
	else
		write_steadily();
	tenon_power_off();
}
