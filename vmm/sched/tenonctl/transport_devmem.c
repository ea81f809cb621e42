// SPDX-License-Identifier: Apache-2.0
/*
 * /proc/device-tree/channel@IPA (compatible "tenonos,channel", label NAME, reg = the shared
 * memory then the doorbell page, two address and two size cells each) mapped through /dev/mem.
 */
#include "transport.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define DEVICE_TREE "/proc/device-tree"

static int read_file(const char *path, unsigned char *out, size_t size, size_t *length)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return 0;
	*length = fread(out, 1, size, file);
	fclose(file);
	return 1;
}

static uint64_t cells64(const unsigned char *p)
{
	uint64_t value = 0;
	for (int i = 0; i < 8; i++)
		value = value << 8 | p[i];
	return value;
}

static void *map(int fd, uint64_t base, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)base);
	return p == MAP_FAILED ? NULL : p;
}

int transport_open(struct transport *t, const char *name)
{
	DIR *dir = opendir(DEVICE_TREE);
	struct dirent *entry;
	unsigned char reg[32], label[64];
	size_t length;
	char path[512];
	int found = 0;

	if (!dir) {
		fprintf(stderr, "tenonctl: no %s: %m\n", DEVICE_TREE);
		return 0;
	}
	while (!found && (entry = readdir(dir))) {
		if (strncmp(entry->d_name, "channel@", 8) != 0)
			continue;
		snprintf(path, sizeof(path), DEVICE_TREE "/%s/label", entry->d_name);
		if (!read_file(path, label, sizeof(label) - 1, &length))
			continue;
		label[length] = '\0';
		snprintf(path, sizeof(path), DEVICE_TREE "/%s/reg", entry->d_name);
		found = strcmp((char *)label, name) == 0 &&
			read_file(path, reg, sizeof(reg), &length) && length == sizeof(reg);
	}
	closedir(dir);
	if (!found) {
		fprintf(stderr, "tenonctl: no channel labelled \"%s\" in %s (is this partition given "
				"a control channel to the scheduler?)\n", name, DEVICE_TREE);
		return 0;
	}
	int fd = open("/dev/mem", O_RDWR | O_SYNC);
	if (fd < 0) {
		fprintf(stderr, "tenonctl: /dev/mem: %m\n");
		return 0;
	}
	t->size = (size_t)cells64(reg + 8);
	t->mailbox = map(fd, cells64(reg), t->size);
	t->doorbell = map(fd, cells64(reg + 16), (size_t)cells64(reg + 24));
	close(fd);
	if (!t->mailbox || !t->doorbell) {
		fprintf(stderr, "tenonctl: mapping channel \"%s\": %m\n", name);
		return 0;
	}
	return 1;
}

void transport_ring(struct transport *t)
{
	*t->doorbell = 1;
}
