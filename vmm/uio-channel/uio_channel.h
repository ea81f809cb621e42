/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uio-channel: Linux user space's end of a channel that Linux sees as an ivshmem-style PCI
 * function (vmm/pci-ivshmem) bound to Debian's uio_pci_generic. Static, against musl; no kernel
 * driver of ours and no /dev/mem. It finds the function in sysfs, maps its BARs from sysfs,
 * rings the peer through the register BAR and waits for the peer's ring on /dev/uioN. Messages
 * are channel-msg's (libos-tenon/channel-msg) over msg-ring (shared-libs/msg-ring): the same C
 * that Tenon's end runs, so both ends agree on the protocol and the timeouts by construction.
 *
 * The shared-memory BAR (BAR 2) is mapped through resource2_wc, Normal Non-cacheable memory, the
 * attribute the root gives a channel with a Linux end at stage 2 in both ends, so that the two
 * ends agree (vmm/README.md, "Memory attributes"); plain resource2 would be Device memory, where
 * the ring's unaligned copies fault. The register
 * BAR (BAR 0) is resource0. uio_pci_generic masks INTx (the command register's interrupt-disable
 * bit) in its handler and has no irqcontrol, so a wait clears that bit again through the
 * function's sysfs config file, as the UIO howto does; a ring that came while it was masked is
 * held until then and arrives at once.
 *
 * Paths start at root: "" for the running system, a scratch folder holding sys/ and dev/ for
 * the unit tests. One thread per direction, as msg-ring allows.
 */
#ifndef UIO_CHANNEL_H
#define UIO_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "channel_msg.h"

#define UIO_CHANNEL_VENDOR 0x1af4u
#define UIO_CHANNEL_DEVICE 0x1110u
#define UIO_CHANNEL_PATH_MAX 256u
#define UIO_CHANNEL_ADDRESS_MAX 32u /* "0000:00:00.0" and room */

enum uio_channel_status {
	UIO_CHANNEL_OK,
	UIO_CHANNEL_NO_DEVICE,	  /* no such PCI function, or none with the ivshmem IDs */
	UIO_CHANNEL_MAP_FAILED,	  /* a BAR's sysfs file cannot be opened or mapped */
	UIO_CHANNEL_NO_UIO,	  /* the function is not bound to uio_pci_generic */
	UIO_CHANNEL_BAD_RINGS,	  /* msg-ring refused the memory (too small, or end not 0 or 1) */
	UIO_CHANNEL_STATUS_COUNT
};

const char *uio_channel_status_name(enum uio_channel_status status);

struct uio_channel {
	struct channel_msg messages;
	void *memory;
	size_t memory_size;
	volatile uint32_t *registers;
	size_t registers_size;
	int uio; /* /dev/uioN, opened by the first wait */
	char root[UIO_CHANNEL_PATH_MAX];
	char address[UIO_CHANNEL_ADDRESS_MAX];
	char error[2 * UIO_CHANNEL_PATH_MAX]; /* what failed last, and where */
};

/*
 * The PCI address of the index-th ivshmem-style function (by sysfs order of addresses) into
 * address; NO_DEVICE when there are not that many.
 */
enum uio_channel_status uio_channel_find(const char *root, unsigned index, char *address,
					 size_t size);

/*
 * Maps the function's BARs and attaches to its rings as end (0 or 1); format zeroes them first
 * (only before either end uses them). On failure nothing stays mapped or open and channel->error
 * names what failed.
 */
enum uio_channel_status uio_channel_open(struct uio_channel *channel, const char *root,
					 const char *address, unsigned end, bool format);
void uio_channel_close(struct uio_channel *channel);

/*
 * channel-msg's send and receive (timeout in ns; CHANNEL_MSG_NO_WAIT, CHANNEL_MSG_WAIT_FOREVER):
 * a send rings the peer, a receive that finds nothing waits for the peer's ring.
 */
enum msg_ring_status uio_channel_send(struct uio_channel *channel, const void *message,
				      size_t length, uint64_t timeout_ns);
enum msg_ring_status uio_channel_receive(struct uio_channel *channel, void *buffer,
					 size_t buffer_size, size_t *length, uint64_t timeout_ns);

/* Batching for throughput: queue puts one message in the ring without ringing (FULL at once
 * when there is no room); ring rings the peer once for all queued. */
enum msg_ring_status uio_channel_queue(struct uio_channel *channel, const void *message,
				       size_t length);
void uio_channel_ring(struct uio_channel *channel);

/* The register BAR's interrupt status (pci_ivshmem.h), for tools and tests. */
uint32_t uio_channel_interrupt_status(const struct uio_channel *channel);

#endif
