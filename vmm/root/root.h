/* SPDX-License-Identifier: Apache-2.0 */
/* The root component's parts: main.c reads the boot archive, build.c makes each partition. */
#ifndef VMM_ROOT_H
#define VMM_ROOT_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "cpio.h"
#include "hvc.h"
#include "policy_blob.h"

/* Boot capabilities (kernel/boot_partitions.c). */
#define SEL_CONSOLE 0
#define SEL_SELF 1
#define SEL_RAM 2
#define SEL_IRQS 3
#define SEL_DEVICES 4
#define SEL_ARCHIVE 5
/*
 * Then, after the other boot modules: a sched context for every CPU, found by its type
 * (root_cpus in main.c).
 */

/* Where partitions see their RAM and enter: the arm64 Image convention of this platform. */
#define PARTITION_RAM_IPA CONFIG_PLATFORM_RAM_BASE
#define PARTITION_ENTRY_IPA CONFIG_PLATFORM_LOAD_ADDRESS

struct boot_archive {
	const void *data;
	uint64_t size;
	struct policy_blob policy;
};

/* Where a partition's devicetree goes: the last DEVICETREE_SIZE bytes of its RAM. */
#define DEVICETREE_SIZE 0x10000ULL

struct partition_layout {
	uint64_t ram_ipa, ram_size;
	uint64_t devicetree_ipa;
	unsigned vcpus;
	bool console;
};

#define ROOT_MAX_PARTITIONS CONFIG_CAPS_MAX_SPACES
#define ROOT_MAX_VCPUS_PER_PARTITION 8
#define ROOT_MAX_CHANNELS 32
#define ROOT_MAX_CHANNELS_PER_PARTITION 8

/*
 * Where a partition sees the channels it is an end of: one after the other from here, above its
 * RAM and inside the first 4 GiB, which a Tenon image maps as normal memory from its first
 * instruction on (shared-libs/boot), so it needs no mapping of its own to use them.
 */
#define CHANNEL_WINDOW_IPA 0xc0000000ULL
#define CHANNEL_WINDOW_END 0x100000000ULL
/*
 * A partition's doorbells are virtual SPIs counted from here, skipping SPIs passed through to
 * it: above every SPI QEMU virt wires to a device, below Tenon's 256 interrupt handler slots.
 */
#define CHANNEL_FIRST_DOORBELL_INTID 128u
#define CHANNEL_LAST_DOORBELL_INTID 255u

/* What the root holds over a channel of the policy it set up. */
struct built_channel {
	bool built;
	bool has_doorbell;
	cap_selector memory, doorbell;
};

/* A channel as a partition's devicetree describes it (/tenonos,channels/NAME). */
struct channel_view {
	uint32_t channel; /* policy index */
	/* One of its two ends: the memory is mapped at ipa, and the doorbell rings it. */
	bool end;
	uint64_t ipa, size;
	uint32_t peer, peer_end; /* the other end's policy index; channel.notify's x2 to ring it */
	uint32_t doorbell_intid; /* its own doorbell, 0 when the channel has none */
	bool has_capability, has_memory_capability;
	cap_selector capability, memory_capability; /* in its own space */
};

/* The selectors, in its own space, of what a component was given over one other partition. */
struct granted_objects {
	bool has_memory;
	cap_selector memory;
	unsigned vcpu_count;
	cap_selector vcpus[ROOT_MAX_VCPUS_PER_PARTITION];
};

/* Where the root put a guest's boot files, as offsets into its RAM; size 0: none. */
struct boot_files {
	uint64_t image_offset, image_size;
	uint64_t initrd_offset, initrd_size;
};

/*
 * What the devicetree of a VMM component tells it: its exit endpoint, its own memory (to build
 * boot data in) and, for each partition it serves, what it holds over it and how it was loaded.
 */
struct vmm_view {
	const struct boot_archive *archive;
	cap_selector endpoint, self_memory;
	const struct built_partition *partitions;
	uint32_t count;
	uint32_t self; /* its policy index: guests are the partitions whose vmm this is */
};

struct built_partition;
/*
 * devicetree.c: the DTB of partition (its layout and channels) in buffer; its size, or 0 if it
 * does not fit. vmm is NULL unless the partition is the VMM of others.
 */
size_t partition_devicetree(void *buffer, size_t size, const struct boot_archive *archive,
			    const struct built_partition *partition, const struct vmm_view *vmm);


#define ROOT_MAX_POOL_CPUS 8
#define ROOT_MAX_TEMPLATES 8

/* A template a scheduler makes instances of, as the root handed it over (vmm/sched/README.md). */
struct template_view {
	uint32_t partition; /* policy index */
	cap_selector memory; /* in the scheduler's space: all its instances' memory */
	uint64_t instance_size, max_instances;
	uint64_t image_offset, image_size; /* in the archive */
	bool console;			   /* its instances get the hypervisor console */
};

/* What the scheduler of a pool was given: written to its devicetree as /tenonos,sched. */
struct sched_view {
	bool present;
	cap_selector sched_context, archive; /* in its space */
	cap_selector self_memory; /* its own RAM, to write instances' devicetrees in and copy out */
	uint32_t cpus[ROOT_MAX_POOL_CPUS];
	unsigned cpu_count;
	struct template_view templates[ROOT_MAX_TEMPLATES];
	unsigned template_count;
};

/* What the root holds over a partition it built: the capabilities grants are delegated from. */
struct built_partition {
	bool built;
	uint8_t kind; /* enum policy_kind */
	cap_selector partition, memory;
	cap_selector vcpus[ROOT_MAX_VCPUS_PER_PARTITION];
	unsigned vcpu_count;
	/* Its static CPUs, derived from the root's: what its vCPUs are created with. */
	cap_selector sched_context;
	struct partition_layout layout;
	struct boot_files files;
	/* For a VMM component: where its guests' exits go, and its own memory, in its space. */
	cap_selector exit_endpoint, endpoint_given, self_memory_given;
	bool has_exit_endpoint;
	/* What it was given over each other partition (by policy index). */
	struct granted_objects granted[ROOT_MAX_PARTITIONS];
	/* The channels it is an end of or was granted, and where the next end goes. */
	struct channel_view channels[ROOT_MAX_CHANNELS_PER_PARTITION];
	unsigned channel_count;
	uint64_t next_channel_ipa;
	uint32_t next_doorbell_intid;
	/* For a pool's scheduler: its pool, templates and their memory. */
	struct sched_view sched;
};

/*
 * Creates and fills partition index of the policy and creates its vCPUs (not started) with a
 * sched context derived from cpus (the root's, every CPU); false (with a console line) if not.
 * A Linux partition also gets its initrd, its devices and its IRQs; its VMM writes its
 * devicetree and starts it.
 */
bool build_partition(const struct boot_archive *archive, uint32_t index, cap_selector cpus,
		     struct built_partition *built);
/* Sets a partition's console budget if the policy gives one; false (with a line) if refused. */
/* The policy's first memory range for partition index; false when it has none. */
bool partition_memory(const struct boot_archive *archive, uint32_t index,
		      struct policy_memory *memory);
bool apply_console_budget(const char *name, cap_selector partition,
			  const struct policy_partition *entry);
/* Writes each built partition's devicetree, once grants are given (a VMM's lists them). */
unsigned write_devicetrees(const struct boot_archive *archive, struct built_partition *built,
			   uint32_t count);

/* grants.c: the policy's capability grants and VMM links between built partitions. */
unsigned apply_grants(const struct boot_archive *archive, struct built_partition *built,
		      uint32_t count, const struct built_channel *channels);
unsigned connect_vmms(const struct boot_archive *archive, struct built_partition *built,
		      uint32_t count);
/* Delegates what; *given (when not NULL) is its selector in the holder's space. */
bool delegate(cap_selector what, cap_selector to_partition, cap_rights rights, const char *holder,
	      const char *kind, cap_selector *given);
/* A channel view of holder, or NULL (with a console line) when it has too many. */
struct channel_view *add_channel_view(struct built_partition *holder, const char *name,
				      uint32_t channel);

/*
 * pools.c: each pool's scheduler gets the pool's sched context, the archive and its templates'
 * memory (recorded in its sched view); the number of capabilities that could not be given.
 */
unsigned give_pools(const struct boot_archive *archive, struct built_partition *built,
		    uint32_t count, cap_selector cpus);
/* Adds to *vcpus and *partitions what partition index needs to run its pools' instances. */
void pool_quotas(const struct boot_archive *archive, uint32_t index, unsigned *vcpus,
		 unsigned *partitions);

/*
 * tables.c: the kernel memory, in bytes, that partition index's capability space and stage-2
 * tables need for what the root maps into it, with ram_size bytes of RAM from ram_pa.
 */
uint64_t partition_table_bytes(const struct boot_archive *archive, uint32_t index, uint64_t ram_pa,
			       uint64_t ram_size);

/*
 * channels.c: each channel of the policy between two built partitions: its memory mapped into
 * both, its doorbell created and given to both ends; the number of channels that failed.
 */
unsigned build_channels(const struct boot_archive *archive, struct built_partition *built,
			uint32_t count, struct built_channel *channels);

#endif
