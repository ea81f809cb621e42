/* SPDX-License-Identifier: Apache-2.0 */
#include "uio_channel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define REGISTER_BAR 0
#define SHARED_MEMORY_BAR 2
/* The register BAR (vmm/pci-ivshmem/pci_ivshmem.h). */
#define INTERRUPT_MASK 0x00u
#define INTERRUPT_STATUS 0x04u
#define DOORBELL 0x0cu
/* The command register's upper byte in configuration space, and its interrupt-disable bit. */
#define PCI_COMMAND_HIGH 5
#define PCI_COMMAND_HIGH_INTX_DISABLE 0x04u
#define NS_PER_MS 1000000ull
#define DEVICES "sys/bus/pci/devices"

static const char *const status_names[UIO_CHANNEL_STATUS_COUNT] = {
	[UIO_CHANNEL_OK] = "ok",
	[UIO_CHANNEL_NO_DEVICE] = "no such ivshmem-style PCI function",
	[UIO_CHANNEL_MAP_FAILED] = "a BAR cannot be mapped",
	[UIO_CHANNEL_NO_UIO] = "not bound to uio_pci_generic",
	[UIO_CHANNEL_BAD_RINGS] = "the memory cannot hold the rings",
};

const char *uio_channel_status_name(enum uio_channel_status status)
{
	return status < UIO_CHANNEL_STATUS_COUNT ? status_names[status] : "unknown status";
}

static enum uio_channel_status failed(struct uio_channel *channel, enum uio_channel_status status,
				      const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	vsnprintf(channel->error, sizeof(channel->error), format, arguments);
	va_end(arguments);
	return status;
}

/* root/sys/bus/pci/devices/ADDRESS/NAME into path; false when it does not fit. */
static bool device_path(char *path, size_t size, const char *root, const char *address,
			const char *name)
{
	int length = snprintf(path, size, "%s/" DEVICES "/%s/%s", root, address, name);

	return length > 0 && (size_t)length < size;
}

static unsigned long read_id(const char *root, const char *address, const char *name)
{
	char path[UIO_CHANNEL_PATH_MAX], text[16] = "";
	FILE *file;

	if (!device_path(path, sizeof(path), root, address, name) || (file = fopen(path, "r")) == NULL)
		return 0;
	bool read = fgets(text, sizeof(text), file) != NULL;
	fclose(file);
	return read ? strtoul(text, NULL, 16) : 0;
}

enum uio_channel_status uio_channel_find(const char *root, unsigned index, char *address,
					 size_t size)
{
	char path[UIO_CHANNEL_PATH_MAX];
	struct dirent **entries;
	int count;
	enum uio_channel_status status = UIO_CHANNEL_NO_DEVICE;

	snprintf(path, sizeof(path), "%s/" DEVICES, root);
	count = scandir(path, &entries, NULL, alphasort);
	for (int i = 0; i < count; i++) {
		const char *name = entries[i]->d_name;
		if (status == UIO_CHANNEL_NO_DEVICE && name[0] != '.' &&
		    read_id(root, name, "vendor") == UIO_CHANNEL_VENDOR &&
		    read_id(root, name, "device") == UIO_CHANNEL_DEVICE && index-- == 0 &&
		    strlen(name) < size) {
			strcpy(address, name);
			status = UIO_CHANNEL_OK;
		}
		free(entries[i]);
	}
	if (count >= 0)
		free(entries);
	return status;
}

static void *map_bar(struct uio_channel *channel, int bar, const char *suffix, size_t *size)
{
	char name[32], path[UIO_CHANNEL_PATH_MAX];
	struct stat status;
	void *memory;
	int fd;

	snprintf(name, sizeof(name), "resource%d%s", bar, suffix);
	if (!device_path(path, sizeof(path), channel->root, channel->address, name)) {
		failed(channel, UIO_CHANNEL_MAP_FAILED, "%s: path too long", name);
		return NULL;
	}
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0 || fstat(fd, &status) != 0 || status.st_size <= 0) {
		failed(channel, UIO_CHANNEL_MAP_FAILED, "%s: %s", path,
		       fd < 0 ? strerror(errno) : "empty");
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	*size = (size_t)status.st_size;
	memory = mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (memory == MAP_FAILED) {
		failed(channel, UIO_CHANNEL_MAP_FAILED, "mmap %s: %s", path, strerror(errno));
		return NULL;
	}
	return memory;
}

/* uio_pci_generic's /dev/uioN for the function, its interrupt enabled at the device. */
static enum uio_channel_status open_uio(struct uio_channel *channel)
{
	char path[UIO_CHANNEL_PATH_MAX];
	struct dirent *entry;
	DIR *directory;

	if (channel->uio >= 0)
		return UIO_CHANNEL_OK;
	if (!device_path(path, sizeof(path), channel->root, channel->address, "uio") ||
	    (directory = opendir(path)) == NULL)
		return failed(channel, UIO_CHANNEL_NO_UIO, "%s: %s", path, strerror(errno));
	while ((entry = readdir(directory)) != NULL) {
		if (strncmp(entry->d_name, "uio", 3) == 0) {
			char device[UIO_CHANNEL_PATH_MAX + sizeof(entry->d_name) + 8];
			snprintf(device, sizeof(device), "%s/dev/%s", channel->root, entry->d_name);
			channel->uio = open(device, O_RDWR);
			if (channel->uio < 0)
				failed(channel, UIO_CHANNEL_NO_UIO, "%s: %s", device, strerror(errno));
			break;
		}
	}
	closedir(directory);
	if (channel->uio < 0)
		return failed(channel, UIO_CHANNEL_NO_UIO, "%s: no uio device", path);
	channel->registers[INTERRUPT_MASK / 4] = 1;
	return UIO_CHANNEL_OK;
}

/* Clears the command register's interrupt-disable bit: INTx may come again. */
static bool unmask(struct uio_channel *channel)
{
	char path[UIO_CHANNEL_PATH_MAX];
	uint8_t command_high;
	int config;

	if (!device_path(path, sizeof(path), channel->root, channel->address, "config") ||
	    (config = open(path, O_RDWR)) < 0)
		return false;
	bool done = pread(config, &command_high, 1, PCI_COMMAND_HIGH) == 1;
	command_high &= (uint8_t)~PCI_COMMAND_HIGH_INTX_DISABLE;
	done = done && pwrite(config, &command_high, 1, PCI_COMMAND_HIGH) == 1;
	if (!done)
		failed(channel, UIO_CHANNEL_NO_UIO, "unmasking the interrupt in %s: %s", path,
		       strerror(errno));
	close(config);
	return done;
}

static void ring(void *context)
{
	uio_channel_ring(context);
}

/*
 * Unmasks, then waits for a ring in poll(). channel-msg looks at the ring before each wait, and
 * a ring that comes between that look and the unmask is held at the device until then, so none
 * is lost. A failure is left in channel->error and ends the wait early, as a ring would: the
 * caller looks again and gives up at its timeout.
 */
static void wait(void *context, uint64_t timeout_ns)
{
	struct uio_channel *channel = context;
	int timeout_ms = timeout_ns == CHANNEL_MSG_WAIT_FOREVER ? -1 :
			 timeout_ns / NS_PER_MS >= INT32_MAX ? INT32_MAX :
							       (int)((timeout_ns + NS_PER_MS - 1) / NS_PER_MS);
	int32_t count;

	if (open_uio(channel) != UIO_CHANNEL_OK || !unmask(channel))
		return;
	struct pollfd waiting = {.fd = channel->uio, .events = POLLIN};
	int ready = poll(&waiting, 1, timeout_ms);
	if (ready > 0 && read(channel->uio, &count, sizeof(count)) != sizeof(count))
		failed(channel, UIO_CHANNEL_NO_UIO, "reading /dev/uio: %s", strerror(errno));
	else if (ready < 0)
		failed(channel, UIO_CHANNEL_NO_UIO, "waiting on /dev/uio: %s", strerror(errno));
}

static uint64_t now_ns(void *context)
{
	struct timespec now;

	(void)context;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static const struct channel_msg_ops uio_ops = {.ring = ring, .wait = wait, .now_ns = now_ns};

enum uio_channel_status uio_channel_open(struct uio_channel *channel, const char *root,
					 const char *address, unsigned end, bool format)
{
	*channel = (struct uio_channel){.uio = -1};
	if (strlen(root) >= sizeof(channel->root) || strlen(address) >= sizeof(channel->address))
		return failed(channel, UIO_CHANNEL_NO_DEVICE, "%s: name too long", address);
	strcpy(channel->root, root);
	strcpy(channel->address, address);
	if (read_id(root, address, "vendor") != UIO_CHANNEL_VENDOR ||
	    read_id(root, address, "device") != UIO_CHANNEL_DEVICE)
		return failed(channel, UIO_CHANNEL_NO_DEVICE, "%s/" DEVICES "/%s: not %04x:%04x",
			      root, address, UIO_CHANNEL_VENDOR, UIO_CHANNEL_DEVICE);
	channel->memory = map_bar(channel, SHARED_MEMORY_BAR, "_wc", &channel->memory_size);
	if (channel->memory == NULL)
		return UIO_CHANNEL_MAP_FAILED;
	channel->registers = map_bar(channel, REGISTER_BAR, "", &channel->registers_size);
	if (channel->registers == NULL || channel->registers_size <= DOORBELL) {
		if (channel->registers != NULL)
			failed(channel, UIO_CHANNEL_MAP_FAILED, "resource%d: too small",
			       REGISTER_BAR);
		uio_channel_close(channel);
		return UIO_CHANNEL_MAP_FAILED;
	}
	enum msg_ring_status rings = channel_msg_init(&channel->messages, channel->memory,
						      channel->memory_size, end, format, &uio_ops,
						      channel);
	if (rings != MSG_RING_OK) {
		failed(channel, UIO_CHANNEL_BAD_RINGS, "end %u of %s: %s", end, address,
		       msg_ring_status_name(rings));
		uio_channel_close(channel);
		return UIO_CHANNEL_BAD_RINGS;
	}
	return UIO_CHANNEL_OK;
}

void uio_channel_close(struct uio_channel *channel)
{
	if (channel->memory != NULL)
		munmap(channel->memory, channel->memory_size);
	if (channel->registers != NULL)
		munmap((void *)(uintptr_t)channel->registers, channel->registers_size);
	if (channel->uio >= 0)
		close(channel->uio);
	channel->memory = NULL;
	channel->registers = NULL;
	channel->uio = -1;
}

enum msg_ring_status uio_channel_send(struct uio_channel *channel, const void *message,
				      size_t length, uint64_t timeout_ns)
{
	return channel_msg_send(&channel->messages, message, length, timeout_ns);
}

enum msg_ring_status uio_channel_receive(struct uio_channel *channel, void *buffer,
					 size_t buffer_size, size_t *length, uint64_t timeout_ns)
{
	return channel_msg_receive(&channel->messages, buffer, buffer_size, length, timeout_ns);
}

enum msg_ring_status uio_channel_queue(struct uio_channel *channel, const void *message,
				       size_t length)
{
	return msg_ring_send(&channel->messages.ring, message, length);
}

void uio_channel_ring(struct uio_channel *channel)
{
	channel->registers[DOORBELL / 4] = 1;
}

uint32_t uio_channel_interrupt_status(const struct uio_channel *channel)
{
	return channel->registers[INTERRUPT_STATUS / 4];
}
