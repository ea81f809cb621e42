/* SPDX-License-Identifier: Apache-2.0 */
/* Partitions and their vCPUs: isolated guests, each with a stage-2 space and a capability space. */
#ifndef KERNEL_PARTITION_H
#define KERNEL_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/aarch64/stage2.h"
#include "exception.h"

#define PARTITION_NAME_LENGTH 16
#define PARTITION_LINE_LENGTH 160

struct partition {
	char name[PARTITION_NAME_LENGTH];
	uint16_t id; /* also the number of its capability space and its VMID */
	struct stage2 stage2;
	uint64_t ram_ipa, ram_pa, ram_size;
	bool running; /* a vCPU of it has been entered and it has not stopped */
	/* Console output is collected per line, so lines of different partitions never mix. */
	char line[PARTITION_LINE_LENGTH];
	size_t line_length;
};

struct vcpu {
	struct partition *partition;
	struct trap_frame entry; /* registers at first entry */
};

/* A partition with ram_size bytes of RAM at ram_ipa, and its empty capability space. */
struct partition *partition_create(const char *name, uint64_t ram_ipa, uint64_t ram_size);
/* Copies an image into the partition's RAM at ipa; false if it does not fit. */
bool partition_load(struct partition *partition, uint64_t ipa, const void *image, size_t size);
/* Appends guest console bytes, printing each completed line prefixed with the partition name. */
void partition_console_write(struct partition *partition, const char *text, size_t length);
/* Stops the partition for good; reason goes to the console. */
void partition_stop(struct partition *partition, const char *reason);
bool partitions_any_running(void);

/* Enters the vCPU on this CPU: EL1h, interrupts masked, x0 = entry argument. Never returns. */
_Noreturn void vcpu_run(struct vcpu *vcpu, uint64_t entry_ipa, uint64_t argument);

/* arch/aarch64/vcpu_entry.S: restores frame on a fresh stack and erets into the guest. */
_Noreturn void vcpu_enter(const struct trap_frame *frame, uintptr_t stack_top);

#endif
