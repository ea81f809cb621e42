/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dtb: the platform facts a boot needs, read from a flattened devicetree by the library's own
 * reader (no libfdt: Mortise links none).
 *
 * The blob comes from firmware or QEMU and is treated as hostile: before any query, dtb_check()
 * validates the header (version 17, every block after the header, aligned and inside totalsize)
 * and then, in one pass, every tag of the structure block (dtb_check.c): names and values inside
 * their blocks, balanced nodes under one root, properties before children, at most
 * DTB_MAX_DEPTH levels. The platform queries collect what they read in that same pass
 * (dtb_collect.c): each node is read for what it is once its properties are over, with what it
 * inherits from its ancestors (reg layout, bus mapping, interrupt parent) at hand, so nothing
 * walks the tree again; what refers forward (stdout-path, interrupt parents) is settled after
 * the pass. Every property length, cell count and interrupt specifier is checked before use. A
 * bad blob yields a status and a diagnostic naming the node, the property and what was
 * expected; it never crashes.
 *
 * Every query has the shape (fdt, out, diagnostic), validates the blob itself, fills only the
 * fields it names and leaves the rest of *out alone; when it fails it changes nothing.
 * diagnostic may be NULL. On success the diagnostic is {DTB_OK, "", "", ""}; its strings are
 * never NULL, static or (a node's name) in the blob, so a boot error line needs no formatting
 * beyond concatenation:
 *   "boot error: " dtb_status_name(d.status) ": " d.node " " d.property ": expected " d.expected
 *
 * Strings returned in struct dtb_platform (bootargs) point into the blob, which must stay mapped.
 * The single queries, dtb_read_channels and the property readers need
 * CONFIG_LIB_DTB_COMPONENT_READERS; dtb_read_platform reads everything in one pass.
 */
#ifndef DTB_H
#define DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef CONFIG_MAX_CPUS
#error "dtb.h needs CONFIG_MAX_CPUS from the generated autoconf.h"
#endif

#define DTB_MAX_MEMORY_RANGES 8
#define DTB_MAX_MODULES 4
/* Larger blobs are refused; Linux on arm64 puts the same 2 MiB bound on what firmware passes. */
#define DTB_MAX_SIZE (2u * 1024u * 1024u)

enum dtb_status {
	DTB_OK,
	DTB_ERR_HEADER,       /* bad header, misaligned, over DTB_MAX_SIZE, or a malformed
				 structure block: property "(structure block)", node the one it is in */
	DTB_ERR_NO_MEMORY,    /* no enabled memory node with a non-empty range */
	DTB_ERR_NO_CPUS,      /* no enabled cpu node under /cpus */
	DTB_ERR_NO_UART,      /* no enabled arm,pl011 node */
	DTB_ERR_NO_GIC,       /* no enabled arm,gic-v3 node */
	DTB_ERR_NO_TIMER,     /* no enabled arm,armv8-timer node */
	DTB_ERR_BAD_PROPERTY, /* a property with the wrong length, cell count or value */
	DTB_ERR_TOO_MANY,     /* more entries than this library records */
	DTB_STATUS_COUNT
};

const char *dtb_status_name(enum dtb_status status);

struct dtb_diagnostic {
	enum dtb_status status;
	const char *node;     /* path or description of the offending node, e.g. "/cpus/cpu" */
	const char *property; /* offending property, "" when the node itself is missing */
	const char *expected; /* what a correct devicetree holds there */
};

#define DTB_FEATURE_PMU (1 << 0)
#define DTB_FEATURE_DEBUG (1 << 1)
#define DTB_FEATURES_ABSENT (-1)

struct dtb_range {
	uint64_t base;
	uint64_t size;
};

enum dtb_psci_conduit { DTB_PSCI_NONE, DTB_PSCI_SMC, DTB_PSCI_HVC };

struct dtb_gic {
	unsigned version; /* 3 (GICv4 also describes itself as arm,gic-v3) */
	uint64_t distributor_base, distributor_size;
	uint64_t redistributor_base, redistributor_size;
	uint32_t maintenance_intid; /* 0 when absent */
	/*
	 * "tenonos,cpu-interface-only": only the (virtual) CPU interface is ours; the hypervisor
	 * owns the distributor and redistributors, which have no reg then.
	 */
	bool cpu_interface_only;
};

/* INTIDs, not DT numbers: PPI n is INTID 16 + n, SPI n is INTID 32 + n (GICv3 spec 2.2). */
struct dtb_timer {
	uint32_t el1_physical_intid; /* non-secure EL1 physical timer, CNTP */
	uint32_t el1_virtual_intid;  /* EL1 virtual timer, CNTV */
	uint32_t el2_physical_intid; /* EL2 physical timer, CNTHP */
};

#define DTB_MODULE_ANY_CPU UINT32_MAX

struct dtb_platform {
	struct dtb_range memory[DTB_MAX_MEMORY_RANGES];
	unsigned memory_count;
	uint64_t cpu_mpidr[CONFIG_MAX_CPUS]; /* Aff3:Aff2:Aff1:Aff0, in devicetree order */
	unsigned cpu_count;
	unsigned cpus_ignored; /* enabled cpus beyond CONFIG_MAX_CPUS */
	uint64_t uart_base;
	uint32_t uart_intid; /* 0 when the PL011 has no interrupts property */
	/*
	 * stdout-path names a "tenonos,hypervisor-console" node: the console is Mortise's, written
	 * through the capability at console_capability; uart_base is then 0.
	 */
	bool hypervisor_console;
	uint32_t console_capability;
	struct dtb_gic gic;
	struct dtb_timer timer;
	enum dtb_psci_conduit psci;
	const char *bootargs;    /* /chosen bootargs, "" when absent */
	struct dtb_range initrd; /* /chosen linux,initrd-start/-end (boot module); size 0: none */
	struct dtb_range modules[DTB_MAX_MODULES]; /* /chosen "multiboot,module" children */
	/*
	 * Each module's "tenonos,features" (strings "pmu", "debug"): DTB_FEATURE_* bits, or
	 * DTB_FEATURES_ABSENT without the property, where the hypervisor decides.
	 */
	int32_t module_features[DTB_MAX_MODULES];
	unsigned module_count;
	int root_module; /* the module also compatible "tenonos,root-component", or -1 */
	/*
	 * A module's "tenonos,cpu" (one cell, below CONFIG_MAX_CPUS): it runs as a guest of its own
	 * on that CPU; DTB_MODULE_ANY_CPU when absent.
	 */
	uint32_t module_cpu[DTB_MAX_MODULES];
	uint64_t fdt_size;       /* fdt_totalsize: the bytes to reserve for the blob */
};

#define DTB_MAX_CHANNELS 8

/* A channel of this partition, from /tenonos,channels (vmm/README.md). */
struct dtb_channel {
	const char *name;	/* the policy's name for it: the node's name */
	/* Set for an end of the channel; zero, NULL for a partition that only holds it. */
	struct dtb_range memory; /* where its shared memory is mapped */
	const char *peer;	 /* the partition at the other end */
	uint32_t peer_end;	 /* the end argument of channel.notify that rings the peer */
	uint32_t doorbell_intid; /* the virtual SPI its own doorbell rings, 0: no doorbell */
	bool linux_pci;		 /* linux-view "pci": its Linux end sees a PCI device */
	bool has_capability, has_memory_capability;
	uint32_t capability, memory_capability; /* selectors of the channel and its memory */
};

struct dtb_channels {
	struct dtb_channel channel[DTB_MAX_CHANNELS];
	unsigned count;
};

/* Header, block layout, alignment, size bound, structure block; every query below runs it first. */
enum dtb_status dtb_check(const void *fdt, struct dtb_diagnostic *diagnostic);

/*
 * Every query below after one dtb_check, in one pass; stops at the first error, leaving *platform
 * zero but for psci, which is read first, so that a boot error can still power off.
 */
enum dtb_status dtb_read_platform(const void *fdt, struct dtb_platform *platform,
				  struct dtb_diagnostic *diagnostic);

/* memory, memory_count: every reg range of every enabled device_type "memory" node under /. */
enum dtb_status dtb_read_memory(const void *fdt, struct dtb_platform *platform,
				struct dtb_diagnostic *diagnostic);
/* cpu_mpidr, cpu_count, cpus_ignored: enabled device_type "cpu" children of /cpus. */
enum dtb_status dtb_read_cpus(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic);
/*
 * uart_base, uart_intid: the PL011 named by /chosen stdout-path, else the first enabled one; or
 * hypervisor_console and console_capability when stdout-path names a hypervisor console.
 * stdout-path is looked for among the first four enabled consoles, at most four levels below
 * the root; one past those is not found, and the first enabled PL011 is the console.
 */
enum dtb_status dtb_read_uart(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic);
/* gic. */
enum dtb_status dtb_read_gic(const void *fdt, struct dtb_platform *platform,
			     struct dtb_diagnostic *diagnostic);
/* timer. */
enum dtb_status dtb_read_timer(const void *fdt, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic);
/* psci: DTB_PSCI_NONE when no enabled arm,psci-1.0 / arm,psci-0.2 / arm,psci node exists. */
enum dtb_status dtb_read_psci(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic);
/* bootargs, initrd, modules, fdt_size. */
enum dtb_status dtb_read_chosen(const void *fdt, struct dtb_platform *platform,
				struct dtb_diagnostic *diagnostic);

/* channels: every child of /tenonos,channels, in devicetree order; none when it is absent. */
enum dtb_status dtb_read_channels(const void *fdt, struct dtb_channels *channels,
				  struct dtb_diagnostic *diagnostic);
/*
 * The same for the children of node container of a blob already checked (dtb_check): a VMM
 * reads its guests' channels so from its own /tenonos,vmm/guest@N/channels.
 */
enum dtb_status dtb_read_channels_in(const void *fdt, int container, struct dtb_channels *channels,
				     struct dtb_diagnostic *diagnostic);

/*
 * Single properties of a devicetree already checked (dtb_check), as a component reads what the
 * root wrote for it; false when absent or of another length. A pair is two 64-bit numbers, each
 * two cells, high first; a string must fit size with its NUL; cells must number at most capacity.
 */
bool dtb_read_u32(const void *fdt, int node, const char *name, uint32_t *value);
bool dtb_read_pair(const void *fdt, int node, const char *name, uint64_t *first,
		   uint64_t *second);
bool dtb_read_string(const void *fdt, int node, const char *name, char *out, size_t size);
bool dtb_read_cells(const void *fdt, int node, const char *name, uint32_t *out,
		    unsigned capacity, unsigned *count);

#endif
