/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-msg: messages over a channel that Linux sees as an ivshmem-style PCI device, from user
 * space. uio_pci_generic owns the device; its shared-memory BAR (BAR 2, as on QEMU's ivshmem) is
 * mapped through sysfs, with no kernel driver of ours and no /dev/mem. The BAR is prefetchable and
 * mapped through resource2_wc: Normal non-cacheable memory, where the ring's unaligned copies are
 * allowed (plain resource2 is Device memory, which faults on them).
 *
 *   tenon-msg PCI-ADDRESS END format          zero the rings (only before either end uses them)
 *   tenon-msg PCI-ADDRESS END send TEXT...    one message per TEXT
 *   tenon-msg PCI-ADDRESS END receive         print each waiting message on a line, then "empty"
 *
 * END is this side's end of the channel (0 or 1). Exit status 0, or 1 with what failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg_ring.h"

#define SHARED_MEMORY_BAR 2

static int usage(void)
{
	fprintf(stderr, "usage: tenon-msg PCI-ADDRESS END format|receive|send TEXT...\n");
	return 1;
}

static void *map_shared_memory(const char *address, size_t *size)
{
	char path[128];
	struct stat status;
	void *memory;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d_wc", address,
		 SHARED_MEMORY_BAR);
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

static int receive_all(struct msg_ring_endpoint *endpoint)
{
	static char message[MSG_RING_MAX_MESSAGE + 1];
	enum msg_ring_status status;
	size_t length;

	while ((status = msg_ring_receive(endpoint, message, MSG_RING_MAX_MESSAGE, &length)) ==
	       MSG_RING_OK) {
		message[length] = '\0';
		printf("%s\n", message);
	}
	if (status != MSG_RING_EMPTY)
		return failed("receive", status);
	printf("empty\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct msg_ring_endpoint endpoint;
	enum msg_ring_status status;
	size_t size;
	void *memory;

	if (argc < 4 || (strcmp(argv[2], "0") != 0 && strcmp(argv[2], "1") != 0))
		return usage();
	memory = map_shared_memory(argv[1], &size);
	if (memory == NULL)
		return 1;
	if (strcmp(argv[3], "format") == 0) {
		status = msg_ring_format(memory, size);
		return status == MSG_RING_OK ? 0 : failed("format", status);
	}
	status = msg_ring_attach(&endpoint, memory, size, (unsigned)(argv[2][0] - '0'));
	if (status != MSG_RING_OK)
		return failed("attach", status);
	if (strcmp(argv[3], "receive") == 0 && argc == 4)
		return receive_all(&endpoint);
	if (strcmp(argv[3], "send") != 0)
		return usage();
	for (int i = 4; i < argc; i++) {
		status = msg_ring_send(&endpoint, argv[i], strlen(argv[i]));
		if (status != MSG_RING_OK)
			return failed("send", status);
	}
	return 0;
}
