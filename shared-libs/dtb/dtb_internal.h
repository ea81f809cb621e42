/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the dtb queries; not part of the interface (dtb.h is).
 *
 * Cells are read as aligned words: dtb_check() accepts only a blob at an 8-byte aligned address
 * with a 4-byte aligned structure block, so every tag and property value is 4-byte aligned, and
 * with the MMU off (Device memory) an unaligned word load would fault (Arm ARM B2.5.2).
 */
#ifndef DTB_INTERNAL_H
#define DTB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dtb.h"
#include "gicv3.h"

#define DTB_STRINGIFY_VALUE(x) #x
#define DTB_STRINGIFY(x) DTB_STRINGIFY_VALUE(x)

/* ---- The flattened devicetree format (Devicetree Specification v0.4, chapter 5) ------------- */

#define DTB_MAGIC 0xd00dfeedu

/* The header fields, in the order of 5.2 "Header"; each one big-endian 32-bit word. */
enum dtb_header_field {
	DTB_HEADER_MAGIC,
	DTB_HEADER_TOTALSIZE,
	DTB_HEADER_OFF_DT_STRUCT,
	DTB_HEADER_OFF_DT_STRINGS,
	DTB_HEADER_OFF_MEM_RSVMAP,
	DTB_HEADER_VERSION,
	DTB_HEADER_LAST_COMP_VERSION,
	DTB_HEADER_BOOT_CPUID_PHYS,
	DTB_HEADER_SIZE_DT_STRINGS,
	DTB_HEADER_SIZE_DT_STRUCT,
	DTB_HEADER_FIELDS /* a version 17 header: 40 bytes */
};
#define DTB_HEADER_SIZE (DTB_HEADER_FIELDS * 4u)

/* The tags of the structure block (5.4.1), each one aligned big-endian word. */
enum dtb_tag {
	DTB_TAG_BEGIN_NODE = 1, /* then the node's name, NUL-terminated, padded to a tag */
	DTB_TAG_END_NODE = 2,
	DTB_TAG_PROPERTY = 3, /* then the value's length, its name's offset in the strings, the value */
	DTB_TAG_NOP = 4,
	DTB_TAG_END = 9,
};
#define DTB_TAG_SIZE 4u
#define DTB_PROPERTY_HEADER_SIZE (3 * DTB_TAG_SIZE)

/* Deeper trees are refused: the walk keeps one ancestor per level on the stack. */
#define DTB_MAX_DEPTH 32
/* What a lookup gives when there is no such node; a node is never negative. */
#define DTB_NO_NODE (-1)

/* A big-endian cell as it lies in the blob. */
typedef uint32_t dtb_cell;

static inline uint32_t dtb_load_cell(const dtb_cell *cell)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap32(*cell);
#else
	return *cell;
#endif
}

uint32_t dtb_header_field(const void *fdt, enum dtb_header_field field);

/*
 * Whether a word of the structure block holds a NUL byte: a node name and its padding end in the
 * first word that does, so a name is skipped a word at a time.
 */
static inline bool dtb_word_has_nul(dtb_cell word)
{
	return ((word - 0x01010101u) & ~word & 0x80808080u) != 0;
}

/*
 * The walk over a blob dtb_check() accepted (dtb_blob.c, dtb_walk.c). A node is the offset of its
 * FDT_BEGIN_NODE tag in the structure block (libfdt's numbering); the root is 0.
 */
struct dtb_blob {
	const uint8_t *structure; /* the structure block */
	const char *strings;	  /* the strings block */
};
struct dtb_blob dtb_blob_of(const void *fdt);
uint32_t dtb_tag_at(const struct dtb_blob *blob, uint32_t offset);
uint32_t dtb_aligned_to_tag(uint32_t offset);
/* The offset of the tag after the one at `offset`, whose tag is *tag. */
uint32_t dtb_next_tag(const struct dtb_blob *blob, uint32_t offset, uint32_t *tag);
/* The first tag at or after `offset` that is not an FDT_NOP. */
uint32_t dtb_skip_nops(const struct dtb_blob *blob, uint32_t offset, uint32_t *tag);
/* The tag after a node's name: its first property, first child or its end. */
uint32_t dtb_after_name(const struct dtb_blob *blob, int node);

/* The value of property `name` of `node` and its length in *length (may be NULL), or NULL. */
const void *dtb_property_namelen(const void *fdt, int node, const char *name, size_t name_length,
				 int *length);
/* A path component names a node by its whole name, or by the name before its unit address. */
bool dtb_name_matches(const char *name, const char *component, size_t length);
/* A property's value and length as found; data NULL when the node has no such property. */
struct dtb_value {
	const void *data;
	int length;
};

/* Slots of the collector's cache of property names: QEMU's virt blob has some 40 names. */
#define DTB_NAME_SLOTS 128

/* ---- Helpers of the readers ------------------------------------------------------------------ */

/* Cells of one GIC interrupt specifier: <type number flags> (arm,gic-v3 binding). */
#define DTB_GIC_SPECIFIER_CELLS 3u

enum dtb_status dtb_fail(struct dtb_diagnostic *diagnostic, enum dtb_status status,
			 const char *node, const char *property, const char *expected);
enum dtb_status dtb_succeed(struct dtb_diagnostic *diagnostic);
/* An error found earlier, as the diagnostic now (error->status is returned). */
enum dtb_status dtb_report(struct dtb_diagnostic *diagnostic, const struct dtb_diagnostic *error);

/* The value of an address/size made of one or two big-endian cells. */
uint64_t dtb_cells_value(const dtb_cell *cells, unsigned count);
/* A one-cell property's value, or `fallback` when it is absent or of another length. */
uint32_t dtb_cell_value(const struct dtb_value *value, uint32_t fallback);

enum dtb_string_result { DTB_STRING_ABSENT, DTB_STRING_MALFORMED, DTB_STRING_PRESENT };

/* A property holding exactly one NUL-terminated string (the terminator is its last byte). */
enum dtb_string_result dtb_string_value(const char *bytes, int length, const char **value);
/* Whether the value is exactly the one string `expected`. */
bool dtb_value_is(const struct dtb_value *value, const char *expected);

/* Absent status or "okay"/"ok" (Devicetree Specification 2.3.4); anything else is not usable. */
bool dtb_status_enabled(const char *status, int length);

struct dtb_reg_layout {
	unsigned address_cells;
	unsigned size_cells;
};

/*
 * #address-cells and #size-cells of `bus` (the parent of the nodes whose reg is read), each 1 or
 * 2: a 64-bit physical address never needs more, and 0 would make reg meaningless. Absent
 * properties take the Devicetree Specification 2.3.5 defaults, 2 and 1. NULL when both are
 * good, else the name of the first bad one (*layout is then partly set).
 */
const char *dtb_reg_layout_of(const struct dtb_value *address_cells,
			      const struct dtb_value *size_cells, struct dtb_reg_layout *layout);
#define DTB_CELL_COUNT_EXPECTED "one cell holding 1 or 2"

/*
 * A reg value: present, non-empty and a whole number of entries. Ranges that wrap past 2^64 are
 * refused when each entry is read.
 */
enum dtb_status dtb_reg_entries(const struct dtb_value *value, const char *node_label,
				const struct dtb_reg_layout *layout, const dtb_cell **reg,
				unsigned *entries, struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_reg_entry(const dtb_cell *reg, const struct dtb_reg_layout *layout,
			      unsigned index, const char *node_label, struct dtb_range *range,
			      struct dtb_diagnostic *diagnostic);

/*
 * The INTID of specifier `index`: type 0 (SPI) n -> 32 + n for n < 988, type 1 (PPI) n -> 16 + n
 * for n < 16 (GICv3 spec 2.2, INTID ranges). Extended SPI/PPI ranges are not supported.
 */
bool dtb_interrupt_intid(const dtb_cell *specifiers, unsigned index, uint32_t *intid);
bool dtb_interrupt_is_ppi(const dtb_cell *specifiers, unsigned index);

/* ---- The one pass that collects the platform (dtb_collect.c) -------------------------------- */

/* The properties the pass keeps of the node it is reading; any other is passed over. */
enum dtb_property_id {
	DTB_PROPERTY_COMPATIBLE,
	DTB_PROPERTY_STATUS,
	DTB_PROPERTY_DEVICE_TYPE,
	DTB_PROPERTY_REG,
	DTB_PROPERTY_RANGES,
	DTB_PROPERTY_ADDRESS_CELLS,
	DTB_PROPERTY_SIZE_CELLS,
	DTB_PROPERTY_INTERRUPTS,
	DTB_PROPERTY_INTERRUPT_PARENT,
	DTB_PROPERTY_INTERRUPT_CELLS,
	DTB_PROPERTY_PHANDLE,
	DTB_PROPERTY_LINUX_PHANDLE,
	DTB_PROPERTY_REDISTRIBUTOR_REGIONS,
	DTB_PROPERTY_CPU_INTERFACE_ONLY,
	DTB_PROPERTY_METHOD,
	DTB_PROPERTY_CONSOLE_CAPABILITY,
	DTB_PROPERTY_MODULE_CPU,
	DTB_PROPERTY_MODULE_FEATURES,
	DTB_PROPERTY_BOOTARGS,
	DTB_PROPERTY_INITRD_START,
	DTB_PROPERTY_INITRD_END,
	DTB_PROPERTY_STDOUT_PATH,
	DTB_PROPERTIES
};

/* The compatibles the pass recognises, as bits of a node's kinds. */
enum dtb_kind {
	DTB_KIND_PSCI_1_0 = 1 << 0,
	DTB_KIND_PSCI_0_2 = 1 << 1,
	DTB_KIND_PSCI = 1 << 2,
	DTB_KIND_GIC_V3 = 1 << 3,
	DTB_KIND_GIC_V2 = 1 << 4, /* arm,cortex-a15-gic or arm,gic-400 */
	DTB_KIND_TIMER = 1 << 5,
	DTB_KIND_PL011 = 1 << 6,
	DTB_KIND_HYPERVISOR_CONSOLE = 1 << 7,
	DTB_KIND_MODULE = 1 << 8,
	DTB_KIND_ROOT_COMPONENT = 1 << 9,
};
#define DTB_PSCI_KINDS 3 /* the first three kinds, newest first */

/* The facts of struct dtb_platform, in the order dtb_read_platform establishes them. */
enum dtb_fact {
	DTB_FACT_PSCI,
	DTB_FACT_CHOSEN,
	DTB_FACT_MEMORY,
	DTB_FACT_CPUS,
	DTB_FACT_UART,
	DTB_FACT_GIC,
	DTB_FACT_TIMER,
	DTB_FACTS
};

/* What a node's descendants need of it, kept while it is open. */
struct dtb_frame {
	int node;
	const char *name;
	struct dtb_reg_layout layout; /* of its children's reg */
	const char *layout_error;     /* the bad one of #address-cells, #size-cells, or NULL */
	/* It and every bus up to the root map addresses 1:1 (an empty ranges; the root does). */
	bool maps_identically;
	/* Its interrupt-parent, else its nearest ancestor's (Devicetree Specification 2.4.1); 0
	 * when there is none or it is malformed (0 is no node's phandle). */
	uint32_t interrupt_parent;
};

/* A node's interrupts, checked against the GIC once the pass has found it. */
struct dtb_interrupt_source {
	struct dtb_value specifiers;
	uint32_t parent;
};

/* stdout-path is matched against a console's path of at most this many names below the root. */
#define DTB_CONSOLE_PATH_DEPTH 4
/* Consoles the pass keeps: the stdout-path target is one of the first enabled ones. */
#define DTB_MAX_CONSOLES 4

struct dtb_console {
	bool hypervisor; /* tenonos,hypervisor-console, else arm,pl011 */
	unsigned depth;  /* names in path */
	const char *path[DTB_CONSOLE_PATH_DEPTH];
	struct dtb_value capability;	       /* hypervisor console */
	uint64_t base;			       /* PL011 */
	struct dtb_interrupt_source interrupts; /* PL011 */
	struct dtb_diagnostic error;	       /* of the PL011's reg */
};

struct dtb_collector {
	const void *fdt;
	const char *strings;
	/* Memory, CPUs and /chosen as the pass read them; the other facts after it. */
	struct dtb_platform platform;
	struct dtb_diagnostic error[DTB_FACTS]; /* the first error found of each fact */
	int chosen, cpus, aliases;		/* the first such child of the root, or < 0 */
	struct dtb_value stdout_path;
	bool psci_found[DTB_PSCI_KINDS];
	struct dtb_value psci_method[DTB_PSCI_KINDS];
	struct dtb_console consoles[DTB_MAX_CONSOLES];
	unsigned console_count;
	bool gicv2;
	struct {
		int node; /* < 0: none found */
		bool cpu_interface_only;
		uint32_t phandle, interrupt_cells;
		struct dtb_interrupt_source interrupts;
	} gic;
	int timer; /* < 0: none found */
	struct dtb_interrupt_source timer_interrupts;

	/* The pass itself: the properties of the innermost open node so far, and the open nodes. */
	unsigned depth;
	bool properties_open;
	/* Of the node's properties, those kept (bits by id); the others' data is NULL. */
	uint32_t values_present;
	struct dtb_value values[DTB_PROPERTIES];
	/*
	 * Property names already told apart, by their offset in the strings block (slot: offset
	 * modulo the slots): blobs keep one copy of each name, so most properties need no string
	 * comparison. A name whose slot another took is compared again, never misread.
	 */
	uint32_t name_offset[DTB_NAME_SLOTS];
	uint8_t name_id[DTB_NAME_SLOTS]; /* enum dtb_property_id */
	/* Last: each is written as its node begins, so dtb_collect_start need not clear them. */
	struct dtb_frame frames[DTB_MAX_DEPTH];
};

/*
 * dtb_check, and when collector is not NULL the collection in the same pass: the check calls the
 * dtb_collect_* steps below for each node and property as it accepts them; what is collected is
 * whole only when the check succeeds.
 */
enum dtb_status dtb_check_collect(const void *fdt, struct dtb_collector *collector,
				  struct dtb_diagnostic *diagnostic);
void dtb_collect_start(struct dtb_collector *collector, const void *fdt, const char *strings);
void dtb_collect_node(struct dtb_collector *collector, int node, const char *name);
unsigned dtb_collect_name(struct dtb_collector *collector, uint32_t name_offset);
/* Inline: the check calls it for every property, and most names are found in their slot. */
static inline void dtb_collect_property(struct dtb_collector *collector, uint32_t name_offset,
					const void *value, uint32_t length)
{
	unsigned slot = name_offset % DTB_NAME_SLOTS;
	unsigned id = collector->name_offset[slot] == name_offset ?
			      collector->name_id[slot] :
			      dtb_collect_name(collector, name_offset);

	/* The first of a repeated property counts, as a lookup by name finds it. */
	if (id < DTB_PROPERTIES && !(collector->values_present & (1u << id))) {
		collector->values_present |= 1u << id;
		collector->values[id] = (struct dtb_value){value, (int)length};
	}
}
void dtb_collect_node_end(struct dtb_collector *collector);

/* What the pass does with a node of each kind when its properties are over (depth: root 0). */
struct dtb_node_seen {
	int node;
	unsigned depth;
	unsigned kinds;
	bool enabled;
	const struct dtb_value *values;	 /* indexed by enum dtb_property_id */
	const struct dtb_frame *parent;	 /* NULL for the root */
	const struct dtb_frame *frames;	 /* the open nodes, the root first; this one last */
};
void dtb_collect_root(struct dtb_collector *collector, const struct dtb_node_seen *seen);
void dtb_collect_memory(struct dtb_collector *collector, const struct dtb_node_seen *seen);
void dtb_collect_cpus(struct dtb_collector *collector, const struct dtb_node_seen *seen);
void dtb_collect_cpu(struct dtb_collector *collector, const struct dtb_node_seen *seen);
void dtb_collect_chosen(struct dtb_collector *collector, const struct dtb_node_seen *seen);
void dtb_collect_module(struct dtb_collector *collector, const struct dtb_node_seen *seen);
void dtb_collect_gic(struct dtb_collector *collector, const struct dtb_node_seen *seen);
void dtb_collect_console(struct dtb_collector *collector, const struct dtb_node_seen *seen);

/*
 * The reg of a device node: laid out by its parent's cells, every bus above mapping 1:1
 * (Devicetree Specification 2.3.8), or the reg holds bus addresses this library does not
 * translate.
 */
enum dtb_status dtb_device_reg(const struct dtb_node_seen *seen, const char *node_label,
			       const char *bus_label, const dtb_cell **reg, unsigned *entries,
			       struct dtb_reg_layout *layout, struct dtb_diagnostic *diagnostic);
/* The interrupts of a node the pass kept, as it saw them. */
struct dtb_interrupt_source dtb_interrupt_source(const struct dtb_node_seen *seen);
/*
 * Its 3-cell GIC specifiers: the interrupt parent must be the phandle of the arm,gic-v3 node the
 * pass found (the first enabled one) with #interrupt-cells = 3, or the numbers would be some
 * other controller's. An absent property gives count 0.
 */
enum dtb_status dtb_interrupts(const struct dtb_collector *collector,
			       const struct dtb_interrupt_source *source, const char *node_label,
			       unsigned *count, struct dtb_diagnostic *diagnostic);

/* Each fact from what the pass collected, into collector->platform; the first error stops it. */
enum dtb_status dtb_finish_psci(struct dtb_collector *collector, struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_finish_chosen(struct dtb_collector *collector,
				  struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_finish_memory(struct dtb_collector *collector,
				  struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_finish_cpus(struct dtb_collector *collector, struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_finish_uart(struct dtb_collector *collector, struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_finish_gic(struct dtb_collector *collector, struct dtb_diagnostic *diagnostic);
enum dtb_status dtb_finish_timer(struct dtb_collector *collector,
				 struct dtb_diagnostic *diagnostic);
/* The same by the fact's number. */
enum dtb_status dtb_finish(struct dtb_collector *collector, enum dtb_fact fact,
			   struct dtb_diagnostic *diagnostic);

#endif
