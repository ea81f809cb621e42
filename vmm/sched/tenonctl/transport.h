/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How tenonctl reaches a control channel: its mailbox mapped into the process and a way to ring
 * the scheduler. Today's transport (transport_devmem.c) maps the channel's memory and doorbell
 * page from /dev/mem, as the Linux VMM describes them (vmm/README.md); a driver-based one can
 * replace that file alone.
 */
#ifndef TENONCTL_TRANSPORT_H
#define TENONCTL_TRANSPORT_H

#include <stddef.h>

struct transport {
	void *mailbox;
	size_t size;
	volatile unsigned int *doorbell;
};

/* The channel labelled name; false with a message on stderr when it cannot be reached. */
int transport_open(struct transport *t, const char *name);
void transport_ring(struct transport *t);

#endif
