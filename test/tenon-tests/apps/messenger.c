/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Channel messages from EL0 (tenon_syscall.h): handle 0 is a channel-msg end whose peer, a Tenon
 * thread of the test image, answers "echo: " and the message. Non-blocking and blocking receives,
 * a timeout that must expire, a message too long for the buffer that must stay, and hostile
 * handles, pointers and lengths; prints how many checks failed and exits with that count.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tenon_syscall.h"

#define MS 1000000ULL

static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("messenger: FAIL %s\n", what);
		failures++;
	}
}

static long send(long handle, const void *message, size_t length, uint64_t timeout)
{
	return syscall(SYS_TENON_CHANNEL_SEND, handle, message, length, timeout);
}

static long receive(long handle, void *buffer, size_t size, uint64_t timeout)
{
	return syscall(SYS_TENON_CHANNEL_RECEIVE, handle, buffer, size, timeout);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(void)
{
	static char big[TENON_CHANNEL_MESSAGE_MAX + 1];
	char buffer[64];
	long length;

	check(receive(0, buffer, sizeof(buffer), TENON_CHANNEL_NO_WAIT) == -1 && errno == EAGAIN,
	      "a non-blocking receive on an empty ring says EAGAIN");
	long long before = now_ms();
	check(receive(0, buffer, sizeof(buffer), 30 * MS) == -1 && errno == EAGAIN,
	      "a receive with nothing sent times out with EAGAIN");
	long long waited = now_ms() - before;
	check(waited >= 30, "the timeout is waited in full");

	check(send(0, "hello", 5, TENON_CHANNEL_WAIT_FOREVER) == 0, "send hello");
	length = receive(0, buffer, sizeof(buffer), 1000 * MS);
	check(length == 11 && memcmp(buffer, "echo: hello", 11) == 0, "the peer's answer");
	printf("messenger: sent hello, got \"%.*s\" from the peer thread\n",
	       length > 0 ? (int)length : 0, buffer);

	/* An answer bigger than the buffer stays in the ring for a bigger one. */
	check(send(0, "0123456789abcdef", 16, TENON_CHANNEL_WAIT_FOREVER) == 0, "send 16 bytes");
	check(receive(0, buffer, 8, 1000 * MS) == -1 && errno == EMSGSIZE,
	      "a short buffer says EMSGSIZE");
	length = receive(0, buffer, sizeof(buffer), TENON_CHANNEL_NO_WAIT);
	check(length == 22 && memcmp(buffer, "echo: 0123456789abcdef", 22) == 0,
	      "the message stayed for the next receive");

	check(send(1, "x", 1, 0) == -1 && errno == EBADF, "a handle never granted");
	check(send(-1, "x", 1, 0) == -1 && errno == EBADF, "a handle out of range");
	check(send(0, big, sizeof(big), 0) == -1 && errno == EMSGSIZE, "a message too long");
	check(send(0, (void *)0x40200000, 16, 0) == -1 && errno == EFAULT,
	      "sending the kernel's memory");
	check(send(0, NULL, 16, 0) == -1 && errno == EFAULT, "sending from NULL");
	check(receive(0, (void *)0x80000000, sizeof(buffer), 0) == -1 && errno == EFAULT,
	      "receiving into read-only text");

	check(send(0, "bye", 3, TENON_CHANNEL_WAIT_FOREVER) == 0, "send bye");
	length = receive(0, buffer, sizeof(buffer), 1000 * MS);
	check(length == 9 && memcmp(buffer, "echo: bye", 9) == 0, "the last answer");
	printf("messenger: %d checks failed\n", failures);
	return failures;
}
