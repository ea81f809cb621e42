/* SPDX-License-Identifier: Apache-2.0 */
/* Partitions and their vCPUs: isolated guests, each with a stage-2 space and a capability space. */
#ifndef KERNEL_PARTITION_H
#define KERNEL_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/aarch64/stage2.h"

struct vcpu;

#define PARTITION_NAME_LENGTH 16
#define PARTITION_LINE_LENGTH 160

struct partition {
	char name[PARTITION_NAME_LENGTH];
	uint16_t id; /* also the number of its capability space and its VMID */
	struct stage2 stage2;
	uint64_t ram_ipa, ram_pa, ram_size;
	bool running;	     /* it has vCPUs and has not stopped */
	unsigned vcpu_count; /* its vCPUs so far: the next one's MPIDR */
	/* Its vCPUs in index order (vcpu->next_in_partition); grows at its tail only. */
	struct vcpu *vcpus;
	/* Console output is collected per line, so lines of different partitions never mix. */
	char line[PARTITION_LINE_LENGTH];
	size_t line_length;
};

/*
 * An empty partition: its capability space and stage-2 tables, nothing mapped. Both creators hold
 * the capability lock, which guards the partition table.
 */
struct partition *partition_create(const char *name);
struct partition *partition_by_id(uint64_t id);
/* A partition with ram_size bytes of fresh kernel-allocated RAM at ram_ipa. */
struct partition *partition_create_with_ram(const char *name, uint64_t ram_ipa, uint64_t ram_size);
/* Copies an image into the partition's RAM at ipa; false if it does not fit. */
bool partition_load(struct partition *partition, uint64_t ipa, const void *image, size_t size);
/* Appends guest console bytes, printing each completed line prefixed with the partition name. */
void partition_console_write(struct partition *partition, const char *text, size_t length);
/* Stops the partition for good; reason goes to the console. */
void partition_stop(struct partition *partition, const char *reason);
bool partitions_any_running(void);

#endif
