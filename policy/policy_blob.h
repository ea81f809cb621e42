/* SPDX-License-Identifier: Apache-2.0 */
/*
 * policy: the boot policy blob, the compiled form of a policy manifest (policy/README.md).
 * The host tool tenon-policy writes it; the root component reads it at boot. Both use this code.
 *
 * The blob is hostile input on the target: policy_blob_open() checks the header, the CRC32, every
 * table bound, every string reference and every cross reference before anything is read, and
 * reports the first problem as a status plus where it is. After a successful open the getters
 * cannot fail on a valid index. No allocation: the blob is read in place and decoded entry by
 * entry into the structs below, so it may sit at any alignment.
 *
 * Layout (all integers little-endian):
 *   header   struct of 16 + 16 * POLICY_TABLE_COUNT bytes: magic "TPOL", version, total size,
 *            CRC32 (IEEE 802.3, over the whole blob with the CRC field read as zero), header size,
 *            table count, then per table {offset, count, entry size, 0}.
 *   tables   each at an 8-byte aligned offset, inside the blob, overlapping nothing else; the
 *            string table counts bytes, starts and ends with NUL; the others count fixed-size
 *            entries. Names are offsets into the string table.
 * Object types and rights in grants are caps.h's enum cap_type and CAP_RIGHT_* values.
 */
#ifndef POLICY_BLOB_H
#define POLICY_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caps.h"

#define POLICY_BLOB_MAGIC 0x4c4f5054u /* "TPOL" as bytes */
#define POLICY_BLOB_VERSION 1u
#define POLICY_NONE 0xffffu	       /* an absent partition or pool index */
/* The reader refuses larger blobs: a policy is a few KiB; this bounds every loop. */
#define POLICY_BLOB_MAX_SIZE (1u << 20)

enum policy_table {
	POLICY_TABLE_STRINGS,
	POLICY_TABLE_PARTITIONS,
	POLICY_TABLE_MEMORY,
	POLICY_TABLE_CPUS,
	POLICY_TABLE_POOLS,
	POLICY_TABLE_DEVICES,
	POLICY_TABLE_IRQS,
	POLICY_TABLE_CHANNELS,
	POLICY_TABLE_GRANTS,
	POLICY_TABLE_COUNT,
	POLICY_TABLE_HEADER = POLICY_TABLE_COUNT, /* in a diagnostic: the problem is in the header */
};

enum policy_status {
	POLICY_OK,
	POLICY_ERR_TRUNCATED,	/* shorter than its header or its declared size */
	POLICY_ERR_MAGIC,	/* not a policy blob */
	POLICY_ERR_VERSION,	/* a version this reader does not know */
	POLICY_ERR_SIZE,	/* declared size over POLICY_BLOB_MAX_SIZE or header shape wrong */
	POLICY_ERR_CHECKSUM,	/* CRC32 mismatch: the blob was damaged */
	POLICY_ERR_TABLE,	/* a table out of bounds, misaligned, overlapping or of wrong entry size */
	POLICY_ERR_STRING,	/* a string reference outside the table, or an empty name */
	POLICY_ERR_REFERENCE,	/* an index naming no partition, pool, channel or IRQ */
	POLICY_ERR_VALUE,	/* an enum, flag, range or reserved field out of its domain */
	POLICY_ERR_NO_SPACE,	/* writer: the output buffer is too small */
	POLICY_STATUS_COUNT
};

const char *policy_status_name(enum policy_status status);
/* "header" for POLICY_TABLE_HEADER. */
const char *policy_table_name(enum policy_table table);

/* Where and why a blob was refused. what is a static string; never NULL. */
struct policy_diagnostic {
	enum policy_status status;
	enum policy_table table;
	uint32_t index;	 /* entry number within table (0 for the header) */
	uint32_t offset; /* byte offset in the blob of the offending field */
	const char *what;
};

enum policy_kind { POLICY_KIND_TENON, POLICY_KIND_LINUX, POLICY_KIND_COMPONENT, POLICY_KIND_COUNT };
enum policy_role {
	POLICY_ROLE_NONE,	/* not a component */
	POLICY_ROLE_ROOT,	/* creates every partition from this blob; holds every capability */
	POLICY_ROLE_SCHED,	/* runs the dynamic pools it is the scheduler of */
	POLICY_ROLE_LINUX_VMM,	/* handles the exits of the partitions it is the VMM of */
	POLICY_ROLE_COUNT
};
const char *policy_kind_name(enum policy_kind kind);
const char *policy_role_name(enum policy_role role);

#define POLICY_PARTITION_CONSOLE (1u << 0) /* holds the hypervisor console */
#define POLICY_PARTITION_PMU (1u << 1)	   /* owns the PMU (caps.h HC_FEATURE_PMU); not the root */
#define POLICY_PARTITION_DEBUG (1u << 2)   /* owns the debug registers (HC_FEATURE_DEBUG); idem */
#define POLICY_PARTITION_FLAGS 0x7u

/*
 * The longest kernel command line of a Linux partition, not counting the terminating NUL. The
 * reader enforces it (and printable ASCII) so the root component can copy the string as it is
 * into a fixed buffer and the guest's /chosen/bootargs.
 */
#define POLICY_BOOTARGS_MAX 1024u

struct policy_partition {
	uint32_t name;	/* string offset */
	uint32_t image; /* string offset: the boot module's name */
	uint8_t kind;	/* enum policy_kind */
	uint8_t role;	/* enum policy_role; POLICY_ROLE_NONE unless kind is component */
	uint8_t flags;
	uint16_t vmm;	 /* partition index of its VMM, or POLICY_NONE */
	uint16_t pool;	 /* pool index when dynamic, POLICY_NONE when static */
	uint16_t vcpus;	 /* >= 1 */
	/*
	 * Linux partitions only (0 for every other kind). Optional string offsets, 0 = absent:
	 * offset 0 is the string table's leading NUL, so absent and "" are the same thing, and a
	 * present value is never empty. initrd names the boot module holding the initramfs;
	 * bootargs is the kernel command line, printable ASCII, at most POLICY_BOOTARGS_MAX bytes.
	 */
	uint32_t initrd;
	uint32_t bootargs;
	/*
	 * Its console budget (HC_PARTITION_SET_CONSOLE_BUDGET): bytes per period of period_us
	 * microseconds, both within caps.h's bounds, and only with POLICY_PARTITION_CONSOLE; both 0
	 * when the manifest gives none, and the partition keeps Mortise's default.
	 */
	uint32_t console_bytes;
	uint32_t console_period_us;
	/*
	 * Templates only (a Tenon partition in a pool; all 0 for every other partition): what the
	 * pool's scheduler gives an instance unless a request says otherwise, priority 1 to
	 * CAP_SCHED_PRIORITY_MAX, 1 <= budget_us <= period_us <= POLICY_TEMPLATE_PERIOD_MAX_US
	 * (budget == period: no budget enforcement), and how many instances may run at once, 1 to
	 * POLICY_TEMPLATE_INSTANCES_MAX. The template's memory entry holds all of them: an instance
	 * has its size divided by max_instances.
	 */
	uint32_t budget_us;
	uint32_t period_us;
	uint8_t priority;
	uint16_t max_instances;
};

#define POLICY_TEMPLATE_PERIOD_MAX_US 10000000u /* 10 s */
#define POLICY_TEMPLATE_INSTANCES_MAX 64u
#define POLICY_TEMPLATE_DEFAULT_PRIORITY 1u
#define POLICY_TEMPLATE_DEFAULT_PERIOD_US 10000u

#define POLICY_MEMORY_FIXED (1u << 0) /* the manifest gave the address, not just the size */
#define POLICY_MEMORY_FLAGS 0x1u
struct policy_memory {
	uint64_t base, size; /* size > 0, base + size <= 2^64 */
	uint16_t partition;
	uint16_t flags;
};

/*
 * One entry per (cpu, owner). A CPU has one owner, with one exception: a CPU of the root component
 * may also go to one other component (static, kind component, not the root). The root turns its
 * CPU off once it has started the partitions, so the two never run there at once. Such a CPU has
 * exactly two entries, the root's first; the reader refuses every other repeated CPU.
 */
enum policy_cpu_owner { POLICY_CPU_STATIC, POLICY_CPU_POOL, POLICY_CPU_OWNER_COUNT };
struct policy_cpu {
	uint16_t cpu;	/* index of the CPU in the platform devicetree's /cpus */
	uint8_t owner_kind; /* enum policy_cpu_owner */
	uint16_t owner; /* partition index (static) or pool index */
};

struct policy_pool {
	uint32_t name;
	uint16_t scheduler; /* partition index of a sched component */
};

struct policy_device {
	uint32_t path; /* the node path in the platform devicetree */
	uint16_t partition;
	uint64_t base, size;
};

struct policy_irq {
	uint32_t intid; /* 32..1019: SPIs only; PPIs and SGIs are per-CPU, not assignable */
	uint16_t partition;
	/* the entry in the devices table it is an interrupt of (same partition), or POLICY_NONE */
	uint16_t device;
};

#define POLICY_CHANNEL_DOORBELL (1u << 0)
/* A control channel: one end is a sched component, which serves requests over it. */
#define POLICY_CHANNEL_CONTROL (1u << 1)
/* A Linux end sees the channel as an ivshmem-style PCI device, not as raw memory and a page. */
#define POLICY_CHANNEL_LINUX_PCI (1u << 2)
/* A control channel whose requester may only list and read the counts (with CONTROL only). */
#define POLICY_CHANNEL_READ_ONLY (1u << 3)
#define POLICY_CHANNEL_FLAGS 0xfu
struct policy_channel {
	uint32_t name;
	uint16_t first, second; /* partition indices, distinct */
	uint64_t base, size;	/* the shared memory */
	uint32_t flags;
};

/*
 * holder holds a capability of type over object, with rights, delegated from grantor.
 * object is a partition index for PARTITION, VCPU (all its vCPUs), MEMORY (all its memory) and
 * ENDPOINT (its exits); a channel index for CHANNEL; a pool index for SCHED_CONTEXT, or with
 * POLICY_GRANT_PARTITION_CPUS a partition index (the static CPUs of that partition); an IRQ table
 * index for IRQ; 0 for CONSOLE.
 */
struct policy_grant {
	uint16_t holder, grantor;
	uint8_t type;	/* enum cap_type, never CAP_TYPE_NULL */
	uint8_t rights; /* non-empty subset of CAP_RIGHTS_ALL */
	uint32_t object;
	uint32_t flags; /* POLICY_GRANT_* */
};
/* SCHED_CONTEXT only: object is a static partition, the sched context its CPUs (to create vCPUs). */
#define POLICY_GRANT_PARTITION_CPUS 1u
#define POLICY_GRANT_FLAGS POLICY_GRANT_PARTITION_CPUS

/*
 * Entry sizes in the blob (version 1). Partitions grew from 24 to 32 B for initrd and bootargs,
 * then to 40 B for the console budget, then to 56 B for templates.
 */
#define POLICY_PARTITION_ENTRY 56u
#define POLICY_MEMORY_ENTRY 24u
#define POLICY_CPU_ENTRY 8u
#define POLICY_POOL_ENTRY 8u
#define POLICY_DEVICE_ENTRY 24u
#define POLICY_IRQ_ENTRY 8u
#define POLICY_CHANNEL_ENTRY 32u
#define POLICY_GRANT_ENTRY 16u
#define POLICY_HEADER_SIZE (24u + 16u * POLICY_TABLE_COUNT)

/* An opened, fully validated blob. */
struct policy_blob {
	const uint8_t *data;
	uint32_t size;
	uint32_t crc32;
	uint32_t offset[POLICY_TABLE_COUNT];
	uint32_t count[POLICY_TABLE_COUNT];
};

uint32_t policy_crc32(const void *data, size_t size);

/* Validates everything; on failure *blob is zeroed and *diagnostic (may be NULL) says why. */
enum policy_status policy_blob_open(struct policy_blob *blob, const void *data, size_t size,
				    struct policy_diagnostic *diagnostic);

/* Entries in a table (bytes for the string table). */
uint32_t policy_blob_count(const struct policy_blob *blob, enum policy_table table);
/* The string at offset, "" for an offset outside the table (which open never lets through). */
const char *policy_blob_string(const struct policy_blob *blob, uint32_t offset);

/* Decode entry index; false when index is out of range (then *out is untouched). */
bool policy_blob_partition(const struct policy_blob *blob, uint32_t index,
			   struct policy_partition *out);
bool policy_blob_memory(const struct policy_blob *blob, uint32_t index, struct policy_memory *out);
bool policy_blob_cpu(const struct policy_blob *blob, uint32_t index, struct policy_cpu *out);
bool policy_blob_pool(const struct policy_blob *blob, uint32_t index, struct policy_pool *out);
bool policy_blob_device(const struct policy_blob *blob, uint32_t index, struct policy_device *out);
bool policy_blob_irq(const struct policy_blob *blob, uint32_t index, struct policy_irq *out);
bool policy_blob_channel(const struct policy_blob *blob, uint32_t index,
			 struct policy_channel *out);
bool policy_blob_grant(const struct policy_blob *blob, uint32_t index, struct policy_grant *out);

/* What a writer serialises: arrays of decoded entries plus the string table bytes. */
struct policy_tables {
	const char *strings; /* starts and ends with NUL */
	uint32_t strings_size;
	const struct policy_partition *partitions;
	const struct policy_memory *memory;
	const struct policy_cpu *cpus;
	const struct policy_pool *pools;
	const struct policy_device *devices;
	const struct policy_irq *irqs;
	const struct policy_channel *channels;
	const struct policy_grant *grants;
	uint32_t count[POLICY_TABLE_COUNT]; /* count[POLICY_TABLE_STRINGS] is ignored */
};

/* The blob size the tables need; 0 when it would exceed POLICY_BLOB_MAX_SIZE. */
size_t policy_blob_size(const struct policy_tables *tables);
/*
 * Serialises tables into out and seals it with the CRC. Writes what it is given: it does not
 * validate (open the result to do that). POLICY_ERR_NO_SPACE when out_size is too small,
 * POLICY_ERR_SIZE when the blob would exceed POLICY_BLOB_MAX_SIZE.
 */
enum policy_status policy_blob_write(const struct policy_tables *tables, void *out,
				     size_t out_size, size_t *written);

#endif
