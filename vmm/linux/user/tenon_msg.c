/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-msg: messages over a channel that Linux sees as an ivshmem-style PCI device, from user
 * space. uio_pci_generic owns the device; its shared-memory BAR (BAR 2, as on QEMU's ivshmem) is
 * mapped through sysfs, with no kernel driver of ours and no /dev/mem. The BAR is prefetchable and
 * mapped through resource2_wc: Normal non-cacheable memory, where the ring's unaligned copies are
 * allowed (plain resource2 is Device memory, which faults on them).
 *
 * The register BAR (BAR 0, resource0) rings the peer: a write to its doorbell register, which
 * the Linux VMM turns into channel.notify. The peer's ring is the device's INTA: uio_pci_generic
 * counts it on /dev/uioN and masks INTx (the command register's interrupt-disable bit) until user
 * space clears that bit again through the device's sysfs config file.
 *
 *   tenon-msg PCI-ADDRESS END format          zero the rings (only before either end uses them)
 *   tenon-msg PCI-ADDRESS END send TEXT...    one message per TEXT, then one ring
 *   tenon-msg PCI-ADDRESS END receive         print each waiting message on a line, then "empty"
 *   tenon-msg PCI-ADDRESS END wait N MS       print N messages, waiting for rings, each wait at
 *                                             most MS milliseconds
 *   tenon-msg PCI-ADDRESS END ping N          N round trips of a "ping" message answered with the
 *                                             same bytes; prints their cycles as a bench line
 *   tenon-msg PCI-ADDRESS END flood S         "flood" records (see test/msg-guest/main.c) for S
 *                                             seconds, then "flood-end"; prints the answer and the
 *                                             throughput
 *
 * END is this side's end of the channel (0 or 1). Exit status 0, or 1 with what failed. Cycles
 * are the virtual counter's ticks in nanoseconds: one instruction each under QEMU's -icount
 * shift=0, at the counter's resolution.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "msg_ring.h"

#define REGISTER_BAR 0
#define SHARED_MEMORY_BAR 2
/* The register BAR (vmm/pci-ivshmem/pci_ivshmem.h, as QEMU's ivshmem). */
#define INTERRUPT_MASK 0x00u
#define DOORBELL 0x0cu
/* The command register's upper byte in configuration space, and its interrupt-disable bit. */
#define PCI_COMMAND_HIGH 5
#define PCI_COMMAND_HIGH_INTX_DISABLE 0x04u
#define PING_MAX 100000
#define FLOOD_RECORD_MAX 256u
#define FLOOD_HEADER 9u

struct channel {
	struct msg_ring_endpoint endpoint;
	volatile uint32_t *registers;
	int uio; /* /dev/uioN, or -1 until a wait needs it */
	const char *address;
};

static int usage(void)
{
	fprintf(stderr, "usage: tenon-msg PCI-ADDRESS END format|receive|send TEXT...|wait N MS|"
			"ping N|flood SECONDS\n");
	return 1;
}

static void *map_bar(const char *address, int bar, const char *suffix, size_t *size)
{
	char path[128];
	struct stat status;
	void *memory;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d%s", address, bar, suffix);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0 || fstat(fd, &status) != 0 || status.st_size <= 0) {
		fprintf(stderr, "tenon-msg: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	*size = (size_t)status.st_size;
	memory = mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (memory == MAP_FAILED) {
		fprintf(stderr, "tenon-msg: mmap %s: %s\n", path, strerror(errno));
		return NULL;
	}
	return memory;
}

static int failed(const char *what, enum msg_ring_status status)
{
	fprintf(stderr, "tenon-msg: %s: %s\n", what, msg_ring_status_name(status));
	return 1;
}

static void ring(struct channel *channel)
{
	channel->registers[DOORBELL / 4] = 1;
}

/* uio_pci_generic's /dev/uioN for the device, its interrupt enabled at the device. */
static int open_uio(struct channel *channel)
{
	char path[128];
	struct dirent *entry;
	DIR *directory;

	if (channel->uio >= 0)
		return channel->uio;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/uio", channel->address);
	directory = opendir(path);
	while (directory != NULL && (entry = readdir(directory)) != NULL) {
		if (strncmp(entry->d_name, "uio", 3) == 0) {
			char device[sizeof(entry->d_name) + 8];
			snprintf(device, sizeof(device), "/dev/%s", entry->d_name);
			channel->uio = open(device, O_RDWR);
			break;
		}
	}
	if (directory != NULL)
		closedir(directory);
	if (channel->uio < 0)
		fprintf(stderr, "tenon-msg: no uio device for %s: %s\n", channel->address,
			strerror(errno));
	channel->registers[INTERRUPT_MASK / 4] = 1;
	return channel->uio;
}

/*
 * Unmasks INTx by clearing the command register's interrupt-disable bit through sysfs, as the
 * UIO howto does for uio_pci_generic (which masks it in its handler and has no irqcontrol): a
 * ring that came while it was masked (Mortise holds it) arrives now.
 */
static int arm(struct channel *channel)
{
	char path[128];
	uint8_t command_high;
	int config;

	if (open_uio(channel) < 0)
		return -1;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", channel->address);
	config = open(path, O_RDWR);
	bool done = config >= 0 && pread(config, &command_high, 1, PCI_COMMAND_HIGH) == 1;
	command_high &= (uint8_t)~PCI_COMMAND_HIGH_INTX_DISABLE;
	done = done && pwrite(config, &command_high, 1, PCI_COMMAND_HIGH) == 1;
	if (!done)
		fprintf(stderr, "tenon-msg: unmasking the interrupt in %s: %s\n", path,
			strerror(errno));
	if (config >= 0)
		close(config);
	return done ? 0 : -1;
}

/* After arm(): waits for the peer's next ring; 1 rung, 0 timed out, -1 failed. */
static int wait_for_ring(struct channel *channel, int timeout_ms)
{
	struct pollfd waiting = {.fd = channel->uio, .events = POLLIN};
	int32_t count;
	int ready = poll(&waiting, 1, timeout_ms);

	if (ready > 0 && read(channel->uio, &count, sizeof(count)) == sizeof(count))
		return 1;
	if (ready < 0 || ready > 0)
		fprintf(stderr, "tenon-msg: waiting on uio: %s\n", strerror(errno));
	return ready == 0 ? 0 : -1;
}

/*
 * The next message into buffer, waiting at most timeout_ms for each ring; unmasks before each
 * look at the ring, so a message sent after the look rings an unmasked interrupt.
 */
static enum msg_ring_status receive_waiting(struct channel *channel, char *buffer, size_t size,
					    size_t *length, int timeout_ms)
{
	for (;;) {
		if (arm(channel) != 0)
			return MSG_RING_BAD_LAYOUT;
		enum msg_ring_status status =
			msg_ring_receive(&channel->endpoint, buffer, size, length);
		if (status != MSG_RING_EMPTY)
			return status;
		int rung = wait_for_ring(channel, timeout_ms);
		if (rung <= 0)
			return rung == 0 ? MSG_RING_EMPTY : MSG_RING_BAD_LAYOUT;
	}
}

static char message[MSG_RING_MAX_MESSAGE + 1];

static int receive_all(struct channel *channel)
{
	enum msg_ring_status status;
	size_t length;

	while ((status = msg_ring_receive(&channel->endpoint, message, MSG_RING_MAX_MESSAGE,
					  &length)) == MSG_RING_OK) {
		message[length] = '\0';
		printf("%s\n", message);
	}
	if (status != MSG_RING_EMPTY)
		return failed("receive", status);
	printf("empty\n");
	return 0;
}

static int wait_messages(struct channel *channel, long count, int timeout_ms)
{
	size_t length;

	for (long i = 0; i < count; i++) {
		enum msg_ring_status status = receive_waiting(channel, message, MSG_RING_MAX_MESSAGE,
							      &length, timeout_ms);
		if (status == MSG_RING_EMPTY) {
			fprintf(stderr, "tenon-msg: %ld of %ld messages before the timeout\n", i,
				count);
			return 1;
		}
		if (status != MSG_RING_OK)
			return failed("receive", status);
		message[length] = '\0';
		printf("%s\n", message);
	}
	return 0;
}

static uint64_t counter(void)
{
	uint64_t value;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(value)::"memory");
	return value;
}

static uint64_t counter_ns(uint64_t ticks)
{
	uint64_t frequency;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frequency));
	return (uint64_t)((unsigned __int128)ticks * 1000000000u / frequency);
}

static int compare(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int ping(struct channel *channel, long rounds)
{
	static uint64_t samples[PING_MAX];
	static const char request[] = "ping";
	size_t length;

	if (rounds <= 0 || rounds > PING_MAX)
		return usage();
	for (long i = 0; i < rounds; i++) {
		uint64_t start = counter();
		enum msg_ring_status status =
			msg_ring_send(&channel->endpoint, request, sizeof(request) - 1);
		if (status != MSG_RING_OK)
			return failed("send", status);
		ring(channel);
		status = receive_waiting(channel, message, MSG_RING_MAX_MESSAGE, &length, 5000);
		samples[i] = counter_ns(counter() - start);
		if (status != MSG_RING_OK || length != sizeof(request) - 1 ||
		    memcmp(message, request, length) != 0) {
			fprintf(stderr, "tenon-msg: round trip %ld: %s\n", i,
				status == MSG_RING_OK ? "a wrong answer" : msg_ring_status_name(status));
			return 1;
		}
	}
	qsort(samples, (size_t)rounds, sizeof(samples[0]), compare);
	printf("bench: linux_tenon_round_trip cycles min %llu median %llu max %llu runs %ld\n",
	       (unsigned long long)samples[0], (unsigned long long)samples[rounds / 2],
	       (unsigned long long)samples[rounds - 1], rounds);
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* Record sequence: "flood", the sequence number (little-endian), then (sequence + i) & 0xff. */
static size_t flood_record(uint8_t *record, uint32_t sequence)
{
	size_t length = FLOOD_HEADER + (sequence * 37u) % (FLOOD_RECORD_MAX - FLOOD_HEADER);

	memcpy(record, "flood", 5);
	for (unsigned i = 0; i < 4; i++)
		record[5 + i] = (uint8_t)(sequence >> (8 * i));
	for (size_t i = FLOOD_HEADER; i < length; i++)
		record[i] = (uint8_t)(sequence + i);
	return length;
}

static int flood(struct channel *channel, long seconds)
{
	static const char end[] = "flood-end";
	uint8_t record[FLOOD_RECORD_MAX];
	uint64_t start = now_ns(), bytes = 0, elapsed;
	uint32_t sequence = 0;
	size_t length;

	if (seconds <= 0)
		return usage();
	while ((elapsed = now_ns() - start) < (uint64_t)seconds * 1000000000u) {
		size_t record_length = flood_record(record, sequence);
		enum msg_ring_status status =
			msg_ring_send(&channel->endpoint, record, record_length);
		if (status == MSG_RING_FULL) {
			/* The peer drains on its own CPU; one ring wakes it for the whole batch. */
			ring(channel);
			sched_yield();
			continue;
		}
		if (status != MSG_RING_OK)
			return failed("flood", status);
		sequence++;
		bytes += record_length;
	}
	enum msg_ring_status status;
	while ((status = msg_ring_send(&channel->endpoint, end, sizeof(end) - 1)) == MSG_RING_FULL) {
		ring(channel);
		sched_yield();
	}
	if (status != MSG_RING_OK)
		return failed("flood-end", status);
	ring(channel);
	status = receive_waiting(channel, message, MSG_RING_MAX_MESSAGE, &length, 5000);
	if (status != MSG_RING_OK)
		return failed("flood answer", status);
	message[length] = '\0';
	printf("%s\n", message);
	printf("sent %u messages, %llu bytes in %llu ms\n", sequence, (unsigned long long)bytes,
	       (unsigned long long)(elapsed / 1000000u));
	printf("md: \nmd: Linux -> Tenon flood through the PCI view: %llu KiB per virtual second\n",
	       (unsigned long long)(bytes * 1000000000u / elapsed / 1024u));
	return 0;
}

int main(int argc, char **argv)
{
	struct channel channel = {.uio = -1};
	enum msg_ring_status status;
	size_t size, registers_size;
	void *memory;

	if (argc < 4 || (strcmp(argv[2], "0") != 0 && strcmp(argv[2], "1") != 0))
		return usage();
	channel.address = argv[1];
	memory = map_bar(argv[1], SHARED_MEMORY_BAR, "_wc", &size);
	channel.registers = map_bar(argv[1], REGISTER_BAR, "", &registers_size);
	if (memory == NULL || channel.registers == NULL)
		return 1;
	if (strcmp(argv[3], "format") == 0) {
		status = msg_ring_format(memory, size);
		return status == MSG_RING_OK ? 0 : failed("format", status);
	}
	status = msg_ring_attach(&channel.endpoint, memory, size, (unsigned)(argv[2][0] - '0'));
	if (status != MSG_RING_OK)
		return failed("attach", status);
	if (strcmp(argv[3], "receive") == 0 && argc == 4)
		return receive_all(&channel);
	if (strcmp(argv[3], "wait") == 0 && argc == 6)
		return wait_messages(&channel, atol(argv[4]), atoi(argv[5]));
	if (strcmp(argv[3], "ping") == 0 && argc == 5)
		return ping(&channel, atol(argv[4]));
	if (strcmp(argv[3], "flood") == 0 && argc == 5)
		return flood(&channel, atol(argv[4]));
	if (strcmp(argv[3], "send") != 0)
		return usage();
	for (int i = 4; i < argc; i++) {
		status = msg_ring_send(&channel.endpoint, argv[i], strlen(argv[i]));
		if (status != MSG_RING_OK)
			return failed("send", status);
	}
	ring(&channel);
	return 0;
}
