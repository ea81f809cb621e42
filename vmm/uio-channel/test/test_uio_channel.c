/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uio-channel over a scratch root that looks like Linux's sysfs and /dev for two PCI functions:
 * the BARs are plain files (mmap shares them as it shares the real BARs), the config file holds
 * the command register, and /dev/uio0 is a file poll() always finds readable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "uio_channel.h"

#define MEMORY_BYTES 4096u
#define REGISTERS_BYTES 256u
#define IVSHMEM "0000:00:01.0"
#define OTHER "0000:00:00.0"

struct scratch {
	char root[64];
	char path[512];
};

static const char *at(struct scratch *scratch, const char *relative)
{
	snprintf(scratch->path, sizeof(scratch->path), "%s/%s", scratch->root, relative);
	return scratch->path;
}

static void make_file(struct scratch *scratch, const char *relative, const void *bytes,
		      size_t size)
{
	FILE *file = fopen(at(scratch, relative), "w");

	assert_non_null(file);
	if (size > 0)
		assert_int_equal(fwrite(bytes, 1, size, file), size);
	fclose(file);
}

static void make_zeroed(struct scratch *scratch, const char *relative, size_t size)
{
	void *zeroes = calloc(1, size);

	make_file(scratch, relative, zeroes, size);
	free(zeroes);
}

static void make_function(struct scratch *scratch, const char *address, const char *vendor)
{
	char relative[128];
	uint8_t config[64] = {0};

	config[5] = 0x04; /* interrupt disable, as uio_pci_generic's handler leaves it */
	snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%s", address);
	assert_int_equal(mkdir(at(scratch, relative), 0755), 0);
	snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%s/vendor", address);
	make_file(scratch, relative, vendor, strlen(vendor));
	snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%s/device", address);
	make_file(scratch, relative, "0x1110\n", 7);
	snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%s/resource0", address);
	make_zeroed(scratch, relative, REGISTERS_BYTES);
	snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%s/resource2_wc", address);
	make_zeroed(scratch, relative, MEMORY_BYTES);
	snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%s/config", address);
	make_file(scratch, relative, config, sizeof(config));
	snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%s/uio", address);
	assert_int_equal(mkdir(at(scratch, relative), 0755), 0);
	snprintf(relative, sizeof(relative), "sys/bus/pci/devices/%s/uio/uio0", address);
	assert_int_equal(mkdir(at(scratch, relative), 0755), 0);
}

static int make_scratch(void **state)
{
	struct scratch *scratch = calloc(1, sizeof(*scratch));
	static const uint32_t one_event = 1;

	assert_non_null(scratch);
	strcpy(scratch->root, "/tmp/uio-channel-XXXXXX");
	assert_non_null(mkdtemp(scratch->root));
	assert_int_equal(mkdir(at(scratch, "sys"), 0755), 0);
	assert_int_equal(mkdir(at(scratch, "sys/bus"), 0755), 0);
	assert_int_equal(mkdir(at(scratch, "sys/bus/pci"), 0755), 0);
	assert_int_equal(mkdir(at(scratch, "sys/bus/pci/devices"), 0755), 0);
	assert_int_equal(mkdir(at(scratch, "dev"), 0755), 0);
	make_file(scratch, "dev/uio0", &one_event, sizeof(one_event));
	make_function(scratch, OTHER, "0x1b36\n");
	make_function(scratch, IVSHMEM, "0x1af4\n");
	*state = scratch;
	return 0;
}

static int remove_scratch(void **state)
{
	struct scratch *scratch = *state;
	char command[128];

	snprintf(command, sizeof(command), "rm -rf %s", scratch->root);
	assert_int_equal(system(command), 0);
	free(scratch);
	return 0;
}

static void *map_file(struct scratch *scratch, const char *relative, size_t size)
{
	FILE *file = fopen(at(scratch, relative), "r+");

	assert_non_null(file);
	void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fileno(file), 0);
	fclose(file);
	assert_true(memory != MAP_FAILED);
	return memory;
}

static void test_find_skips_other_functions(void **state)
{
	struct scratch *scratch = *state;
	char address[UIO_CHANNEL_ADDRESS_MAX];

	assert_int_equal(uio_channel_find(scratch->root, 0, address, sizeof(address)),
			 UIO_CHANNEL_OK);
	assert_string_equal(address, IVSHMEM);
	assert_int_equal(uio_channel_find(scratch->root, 1, address, sizeof(address)),
			 UIO_CHANNEL_NO_DEVICE);
	assert_int_equal(uio_channel_find("/nonexistent", 0, address, sizeof(address)),
			 UIO_CHANNEL_NO_DEVICE);
}

static void test_open_refuses_other_devices_naming_them(void **state)
{
	struct scratch *scratch = *state;
	struct uio_channel channel;

	assert_int_equal(uio_channel_open(&channel, scratch->root, OTHER, 0, true),
			 UIO_CHANNEL_NO_DEVICE);
	assert_non_null(strstr(channel.error, OTHER));
	assert_int_equal(uio_channel_open(&channel, scratch->root, "0000:00:07.0", 0, true),
			 UIO_CHANNEL_NO_DEVICE);
	assert_int_equal(uio_channel_open(&channel, scratch->root, IVSHMEM, 2, true),
			 UIO_CHANNEL_BAD_RINGS);
	assert_null(channel.memory);
}

static void test_open_names_a_missing_bar(void **state)
{
	struct scratch *scratch = *state;
	struct uio_channel channel;

	assert_int_equal(unlink(at(scratch, "sys/bus/pci/devices/" IVSHMEM "/resource2_wc")), 0);
	assert_int_equal(uio_channel_open(&channel, scratch->root, IVSHMEM, 0, true),
			 UIO_CHANNEL_MAP_FAILED);
	assert_non_null(strstr(channel.error, "resource2_wc"));
}

/* A message sent lands in the shared-memory BAR for the peer's end and rings the doorbell. */
static void test_send_reaches_the_peer_and_rings(void **state)
{
	struct scratch *scratch = *state;
	struct uio_channel channel;
	struct msg_ring_endpoint peer;
	char buffer[16];
	size_t length;

	assert_int_equal(uio_channel_open(&channel, scratch->root, IVSHMEM, 0, true),
			 UIO_CHANNEL_OK);
	uint8_t *memory = map_file(scratch, "sys/bus/pci/devices/" IVSHMEM "/resource2_wc",
				   MEMORY_BYTES);
	volatile uint32_t *registers =
		map_file(scratch, "sys/bus/pci/devices/" IVSHMEM "/resource0", REGISTERS_BYTES);
	assert_int_equal(msg_ring_attach(&peer, memory, MEMORY_BYTES, 1), MSG_RING_OK);
	assert_int_equal(uio_channel_send(&channel, "hello", 5, CHANNEL_MSG_NO_WAIT), MSG_RING_OK);
	assert_int_equal(registers[0x0c / 4], 1);
	assert_int_equal(msg_ring_receive(&peer, buffer, sizeof(buffer), &length), MSG_RING_OK);
	assert_int_equal(length, 5);
	assert_memory_equal(buffer, "hello", 5);

	/* Queued messages ring nothing until the caller rings once for them all. */
	registers[0x0c / 4] = 0;
	assert_int_equal(uio_channel_queue(&channel, "a", 1), MSG_RING_OK);
	assert_int_equal(uio_channel_queue(&channel, "b", 1), MSG_RING_OK);
	assert_int_equal(registers[0x0c / 4], 0);
	uio_channel_ring(&channel);
	assert_int_equal(registers[0x0c / 4], 1);

	/* And the peer's message comes back through the same memory. */
	assert_int_equal(msg_ring_send(&peer, "back", 4), MSG_RING_OK);
	assert_int_equal(uio_channel_receive(&channel, buffer, sizeof(buffer), &length,
					     CHANNEL_MSG_NO_WAIT),
			 MSG_RING_OK);
	assert_memory_equal(buffer, "back", 4);
	uio_channel_close(&channel);
	munmap(memory, MEMORY_BYTES);
	munmap((void *)(uintptr_t)registers, REGISTERS_BYTES);
}

/* A receive that finds nothing enables the interrupt, unmasks INTx, waits on /dev/uioN and
 * returns EMPTY at its timeout; a non-blocking one touches none of it. */
static void test_waiting_unmasks_and_times_out(void **state)
{
	struct scratch *scratch = *state;
	struct uio_channel channel;
	uint8_t config[8];
	char buffer[16];
	size_t length;
	FILE *file;

	assert_int_equal(uio_channel_open(&channel, scratch->root, IVSHMEM, 0, true),
			 UIO_CHANNEL_OK);
	volatile uint32_t *registers =
		map_file(scratch, "sys/bus/pci/devices/" IVSHMEM "/resource0", REGISTERS_BYTES);
	assert_int_equal(uio_channel_receive(&channel, buffer, sizeof(buffer), &length,
					     CHANNEL_MSG_NO_WAIT),
			 MSG_RING_EMPTY);
	assert_int_equal(channel.uio, -1);
	assert_int_equal(registers[0], 0);
	assert_int_equal(uio_channel_receive(&channel, buffer, sizeof(buffer), &length, 2000000),
			 MSG_RING_EMPTY);
	assert_true(channel.uio >= 0);
	assert_int_equal(registers[0], 1); /* the interrupt mask register enables the doorbell */
	file = fopen(at(scratch, "sys/bus/pci/devices/" IVSHMEM "/config"), "r");
	assert_non_null(file);
	assert_int_equal(fread(config, 1, sizeof(config), file), sizeof(config));
	fclose(file);
	assert_int_equal(config[5] & 0x04, 0);
	uio_channel_close(&channel);
	munmap((void *)(uintptr_t)registers, REGISTERS_BYTES);
}

static void test_a_function_without_uio_cannot_wait(void **state)
{
	struct scratch *scratch = *state;
	struct uio_channel channel;
	char buffer[16];
	size_t length;

	assert_int_equal(rmdir(at(scratch, "sys/bus/pci/devices/" IVSHMEM "/uio/uio0")), 0);
	assert_int_equal(uio_channel_open(&channel, scratch->root, IVSHMEM, 1, true),
			 UIO_CHANNEL_OK);
	assert_int_equal(uio_channel_receive(&channel, buffer, sizeof(buffer), &length, 1000000),
			 MSG_RING_EMPTY);
	assert_non_null(strstr(channel.error, "no uio device"));
	uio_channel_close(&channel);
}

static void test_status_names(void **state)
{
	(void)state;
	for (unsigned s = 0; s < UIO_CHANNEL_STATUS_COUNT; s++)
		assert_non_null(uio_channel_status_name(s));
	assert_string_equal(uio_channel_status_name(UIO_CHANNEL_STATUS_COUNT), "unknown status");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_skips_other_functions, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(test_open_refuses_other_devices_naming_them,
						make_scratch, remove_scratch),
		cmocka_unit_test_setup_teardown(test_open_names_a_missing_bar, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(test_send_reaches_the_peer_and_rings, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(test_waiting_unmasks_and_times_out, make_scratch,
						remove_scratch),
		cmocka_unit_test_setup_teardown(test_a_function_without_uio_cannot_wait,
						make_scratch, remove_scratch),
		cmocka_unit_test(test_status_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
