/* SPDX-License-Identifier: Apache-2.0 */
/* tenon-policy internals: the manifest model, the platform facts, and the passes over them. */
#ifndef POLICY_TOOL_H
#define POLICY_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtb.h"
#include "policy_blob.h"

#define MAX_PARTITIONS 64
#define MAX_POOLS 16
#define MAX_CHANNELS 64
#define MAX_GRANTS 256
#define MAX_LIST 32 /* CPUs, devices, IRQs per partition */
#define NAME_SIZE 64
#define PATH_SIZE 256
#define PAGE_SIZE 0x1000u
/* What Mortise keeps at the start of RAM (kernel/Kconfig): hypervisor-memory's minimum and default. */
#define MORTISE_MEMORY_BYTES ((uint64_t)CONFIG_MORTISE_MEMORY_MIB << 20)
/* The characters of a partition name Mortise keeps (caps.h, HC_PARTITION_CREATE). */
#define PARTITION_NAME_MAX (HC_PARTITION_NAME_SIZE - 1)

#define UNRESOLVED (-1)

struct m_device {
	char path[PATH_SIZE];
	uint64_t base, size;
	uint32_t intids[MAX_LIST];
	unsigned intid_count;
	bool resolved;
};

struct m_partition {
	char name[NAME_SIZE];
	char path[PATH_SIZE];
	int kind;	/* enum policy_kind, UNRESOLVED when absent or bad */
	int role;	/* enum policy_role */
	char image[PATH_SIZE];
	bool has_cpus;
	unsigned cpus[MAX_LIST];
	unsigned cpu_count;
	char pool[NAME_SIZE]; /* "" when static */
	int pool_index;
	unsigned vcpus;
	bool has_memory; /* a usable size (and base when fixed) was read */
	bool fixed;
	uint64_t base, size;
	struct m_device devices[MAX_LIST];
	unsigned device_count;
	uint32_t irqs[MAX_LIST];
	unsigned irq_count;
	bool console;
	uint32_t console_bytes, console_period_us; /* 0 when absent: Mortise's default */
	bool pmu, debug; /* owns the PMU, the debug registers */
	char vmm[NAME_SIZE];
	int vmm_index;
	char initrd[PATH_SIZE];			  /* "" when absent; Linux only */
	char bootargs[POLICY_BOOTARGS_MAX + 1]; /* "" when absent; Linux only */
	/* Templates (pool partitions) only; defaults otherwise. */
	uint8_t priority;
	uint16_t max_instances;
	uint32_t budget_us, period_us;
	uint64_t instance_size; /* memory-size of one instance; size is all of them */
};

/* A pool's Tenon partition: what its scheduler makes instances of (README.md, "Templates"). */
static inline bool is_template(const struct m_partition *p)
{
	return p->pool_index != UNRESOLVED && p->kind == POLICY_KIND_TENON;
}

struct m_pool {
	char name[NAME_SIZE];
	char path[PATH_SIZE];
	unsigned cpus[MAX_LIST];
	unsigned cpu_count;
	char scheduler[NAME_SIZE];
	int scheduler_index;
};

struct m_channel {
	char name[NAME_SIZE];
	char path[PATH_SIZE];
	char ends[2][NAME_SIZE];
	int end_index[2];
	bool has_size;
	uint64_t size, base;
	bool doorbell;
	bool control; /* requests to the sched component at one end */
	bool read_only; /* control, but only list and stats */
	bool linux_pci; /* linux-view = "pci" */
};

struct m_grant {
	char path[PATH_SIZE];
	int holder;
	int type; /* enum cap_type, UNRESOLVED when bad */
	char of[NAME_SIZE];
	int object;
	bool of_partition; /* a sched context over a static partition's CPUs, not over a pool */
	char from[NAME_SIZE];
	int grantor;
	unsigned rights;
	bool complete; /* every field read and resolved */
	bool held;     /* the grantor holds what it grants (computed) */
};

struct platform {
	char file[PATH_SIZE];
	const void *fdt;
	struct dtb_platform facts;
	uint64_t ram_total;
};

struct manifest {
	const char *file; /* as the user named it: every message starts with it */
	const char *images_dir; /* NULL: image files are not looked up */
	unsigned errors;
	uint64_t hypervisor_memory;
	struct m_partition partitions[MAX_PARTITIONS];
	unsigned partition_count;
	struct m_pool pools[MAX_POOLS];
	unsigned pool_count;
	struct m_channel channels[MAX_CHANNELS];
	unsigned channel_count;
	struct m_grant grants[MAX_GRANTS];
	unsigned grant_count;
};

/* report.c: FILE: NODE: PROPERTY: expected EXPECTED, found FOUND (PROPERTY left out when ""). */
void report(struct manifest *m, const char *node, const char *property, const char *expected,
	    const char *found_format, ...) __attribute__((format(printf, 5, 6)));
/* A formatted string that lives until 16 more calls. */
const char *text(const char *format, ...) __attribute__((format(printf, 1, 2)));
const char *hex(uint64_t value);

/* platform.c */
bool platform_load(struct platform *platform, const char *file);
/* Fills device base, size and SPIs from the platform devicetree; reports into m. */
void platform_resolve_device(const struct platform *platform, struct manifest *m,
			     const char *node, struct m_device *device);

/* manifest.c: the devicetree of a .dts (through dtc) or .dtb file, malloc'd; NULL on error. */
void *load_devicetree(const char *file, size_t *size);
/* Reads every node and property, reporting type errors; false when the file was unusable. */
bool manifest_read(struct manifest *m, const void *fdt);

/* validate.c: every semantic rule of README.md; also places sized memory. */
void manifest_validate(struct manifest *m, const struct platform *platform);

/* compile.c */
bool manifest_compile(const struct manifest *m, const char *output);

/* show.c */
int show_blob(const char *file);

/* Names of capability types and rights as the manifest spells them. */
int cap_type_from_name(const char *name);
const char *cap_type_manifest_name(int type);
unsigned right_from_name(const char *name);
const char *rights_text(unsigned rights);

#endif
