/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-msg: messages over a channel that Linux sees as an ivshmem-style PCI device, from user
 * space, with the uio-channel library (vmm/uio-channel/: sysfs, the BARs, /dev/uioN, and
 * channel-msg's sends and receives with timeouts, the code Tenon's end runs).
 *
 *   tenon-msg PCI-ADDRESS END format          zero the rings (only before either end uses them)
 *   tenon-msg PCI-ADDRESS END send TEXT...    one message per TEXT, then one ring
 *   tenon-msg PCI-ADDRESS END receive         print each waiting message on a line, then "empty"
 *   tenon-msg PCI-ADDRESS END wait N MS       print N messages, waiting for rings, each wait at
 *                                             most MS milliseconds
 *   tenon-msg PCI-ADDRESS END status          the register BAR's interrupt status, in hex
 *   tenon-msg PCI-ADDRESS END ping N          N round trips of a "ping" message answered with the
 *                                             same bytes; prints their cycles as a bench line
 *   tenon-msg PCI-ADDRESS END flood S         "flood" records (see test/msg-guest/main.c) for S
 *                                             seconds, then "flood-end"; prints the answer and the
 *                                             throughput
 *
 * PCI-ADDRESS "first" is the first ivshmem-style function sysfs lists. END is this side's end of
 * the channel (0 or 1). Exit status 0, or 1 with what failed. Cycles are the virtual counter's
 * ticks in nanoseconds: one instruction each under QEMU's -icount shift=0, at the counter's
 * resolution.
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "uio_channel.h"

#define PING_MAX 100000
#define FLOOD_RECORD_MAX 256u
#define FLOOD_HEADER 9u
#define NS_PER_MS 1000000ull
#define ANSWER_TIMEOUT_NS (5000 * NS_PER_MS)

static int usage(void)
{
	fprintf(stderr, "usage: tenon-msg PCI-ADDRESS|first END format|receive|send TEXT...|"
			"wait N MS|status|ping N|flood SECONDS\n");
	return 1;
}

static int failed(const struct uio_channel *channel, const char *what, enum msg_ring_status status)
{
	fprintf(stderr, "tenon-msg: %s: %s%s%s\n", what, msg_ring_status_name(status),
		channel->error[0] != '\0' ? "; " : "", channel->error);
	return 1;
}

static char message[MSG_RING_MAX_MESSAGE + 1];

static int receive_all(struct uio_channel *channel)
{
	enum msg_ring_status status;
	size_t length;

	while ((status = uio_channel_receive(channel, message, MSG_RING_MAX_MESSAGE, &length,
					     CHANNEL_MSG_NO_WAIT)) == MSG_RING_OK) {
		message[length] = '\0';
		printf("%s\n", message);
	}
	if (status != MSG_RING_EMPTY)
		return failed(channel, "receive", status);
	printf("empty\n");
	return 0;
}

static int wait_messages(struct uio_channel *channel, long count, long timeout_ms)
{
	size_t length;

	if (timeout_ms < 0)
		return usage();
	for (long i = 0; i < count; i++) {
		enum msg_ring_status status =
			uio_channel_receive(channel, message, MSG_RING_MAX_MESSAGE, &length,
					    (uint64_t)timeout_ms * NS_PER_MS);
		if (status == MSG_RING_EMPTY) {
			fprintf(stderr, "tenon-msg: %ld of %ld messages before the timeout\n", i,
				count);
			return 1;
		}
		if (status != MSG_RING_OK)
			return failed(channel, "receive", status);
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

static int ping(struct uio_channel *channel, long rounds)
{
	static uint64_t samples[PING_MAX];
	static const char request[] = "ping";
	size_t length;

	if (rounds <= 0 || rounds > PING_MAX)
		return usage();
	for (long i = 0; i < rounds; i++) {
		uint64_t start = counter();
		enum msg_ring_status status =
			uio_channel_send(channel, request, sizeof(request) - 1, CHANNEL_MSG_NO_WAIT);
		if (status != MSG_RING_OK)
			return failed(channel, "send", status);
		status = uio_channel_receive(channel, message, MSG_RING_MAX_MESSAGE, &length,
					     ANSWER_TIMEOUT_NS);
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

/* Queues without ringing; once the ring is full, one ring wakes the peer for the whole batch,
 * and it drains on its own CPU meanwhile. */
static enum msg_ring_status queue(struct uio_channel *channel, const void *record, size_t length)
{
	enum msg_ring_status status;

	while ((status = uio_channel_queue(channel, record, length)) == MSG_RING_FULL) {
		uio_channel_ring(channel);
		sched_yield();
	}
	return status;
}

static int flood(struct uio_channel *channel, long seconds)
{
	static const char end[] = "flood-end";
	uint8_t record[FLOOD_RECORD_MAX];
	uint64_t start = now_ns(), bytes = 0, elapsed;
	uint32_t sequence = 0;
	enum msg_ring_status status;
	size_t length;

	if (seconds <= 0)
		return usage();
	while ((elapsed = now_ns() - start) < (uint64_t)seconds * 1000000000u) {
		size_t record_length = flood_record(record, sequence);
		if ((status = queue(channel, record, record_length)) != MSG_RING_OK)
			return failed(channel, "flood", status);
		sequence++;
		bytes += record_length;
	}
	if ((status = queue(channel, end, sizeof(end) - 1)) != MSG_RING_OK)
		return failed(channel, "flood-end", status);
	uio_channel_ring(channel);
	status = uio_channel_receive(channel, message, MSG_RING_MAX_MESSAGE, &length,
				     ANSWER_TIMEOUT_NS);
	if (status != MSG_RING_OK)
		return failed(channel, "flood answer", status);
	message[length] = '\0';
	printf("%s\n", message);
	printf("sent %u messages, %llu bytes in %llu ms\n", sequence, (unsigned long long)bytes,
	       (unsigned long long)(elapsed / 1000000u));
	printf("md: \nmd: Linux -> Tenon flood through the PCI view: %llu KiB per virtual second\n",
	       (unsigned long long)(bytes * 1000000000u / elapsed / 1024u));
	return 0;
}

static int send_all(struct uio_channel *channel, int count, char **texts)
{
	for (int i = 0; i < count; i++) {
		enum msg_ring_status status = uio_channel_queue(channel, texts[i], strlen(texts[i]));
		if (status != MSG_RING_OK)
			return failed(channel, "send", status);
	}
	uio_channel_ring(channel);
	return 0;
}

int main(int argc, char **argv)
{
	char address[UIO_CHANNEL_ADDRESS_MAX];
	struct uio_channel channel;

	if (argc < 4 || (strcmp(argv[2], "0") != 0 && strcmp(argv[2], "1") != 0))
		return usage();
	if (strcmp(argv[1], "first") != 0)
		snprintf(address, sizeof(address), "%s", argv[1]);
	else if (uio_channel_find("", 0, address, sizeof(address)) != UIO_CHANNEL_OK) {
		fprintf(stderr, "tenon-msg: no ivshmem-style PCI function in /sys/bus/pci\n");
		return 1;
	}
	bool format = strcmp(argv[3], "format") == 0;
	enum uio_channel_status opened =
		uio_channel_open(&channel, "", address, (unsigned)(argv[2][0] - '0'), format);
	if (opened != UIO_CHANNEL_OK) {
		fprintf(stderr, "tenon-msg: %s: %s\n", uio_channel_status_name(opened), channel.error);
		return 1;
	}
	if (format)
		return 0;
	if (strcmp(argv[3], "receive") == 0 && argc == 4)
		return receive_all(&channel);
	if (strcmp(argv[3], "status") == 0 && argc == 4) {
		printf("0x%08x\n", uio_channel_interrupt_status(&channel));
		return 0;
	}
	if (strcmp(argv[3], "wait") == 0 && argc == 6)
		return wait_messages(&channel, atol(argv[4]), atol(argv[5]));
	if (strcmp(argv[3], "ping") == 0 && argc == 5)
		return ping(&channel, atol(argv[4]));
	if (strcmp(argv[3], "flood") == 0 && argc == 5)
		return flood(&channel, atol(argv[4]));
	if (strcmp(argv[3], "send") != 0)
		return usage();
	return send_all(&channel, argc - 4, argv + 4);
}
