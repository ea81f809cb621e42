/* SPDX-License-Identifier: Apache-2.0 */
/*
 * caps: capabilities and the capability-guarded hypercall ABI. One library, compiled for EL2
 * (Mortise) and for the host (policy compiler, TCB audit, tests, fuzzing).
 *
 * A capability names an object, its type and the rights its holder has over it. Capabilities
 * live in capability spaces, one per partition, addressed by selectors (slot numbers: O(1)
 * lookup). Every capability but a root one was derived or delegated from a parent; the parent
 * links form the derivation tree that revoke walks.
 *
 * Storage is the holder's: each space is one table of CONFIG_CAPS_SLOTS_PER_SPACE capabilities in
 * memory its creator hands to cap_space_create (in Mortise, a page of the partition's donated
 * kernel memory, HC_CAP_SPACE_MEMORY_SIZE), and a capability is its slot. Running out of slots or
 * derivation depth is CAP_NO_MEMORY, never a crash.
 */
#ifndef CAPS_H
#define CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sync.h"

typedef uint32_t cap_selector;
typedef uint32_t cap_rights;

enum cap_type {
	CAP_TYPE_NULL,		/* an empty slot; in a requirement: any type */
	CAP_TYPE_MEMORY,	/* physical range [object, object + size) */
	CAP_TYPE_PARTITION,	/* a partition (its capability space): object = space number */
	CAP_TYPE_VCPU,		/* object = vCPU number */
	CAP_TYPE_IRQ,		/* object = first physical INTID, size = how many (0: just one) */
	CAP_TYPE_CHANNEL,	/* inter-partition channel: shared memory + doorbell */
	CAP_TYPE_ENDPOINT,	/* exit delivery and request/reply */
	CAP_TYPE_SCHED_CONTEXT, /* object = CPU set (bit n: CPU n), size = priority ceiling */
	CAP_TYPE_CONSOLE,	/* the hypervisor console */
	CAP_TYPE_COUNT,
};

#define CAP_RIGHT_READ (1u << 0)
#define CAP_RIGHT_WRITE (1u << 1)
#define CAP_RIGHT_EXECUTE (1u << 2)
#define CAP_RIGHT_GRANT (1u << 3)	/* may delegate this capability to another space */
#define CAP_RIGHT_CONTROL (1u << 4) /* may manage the object (start, stop, configure) */
#define CAP_RIGHTS_ALL 0x1fu

/* IRQ capabilities name INTIDs below this (GICv3 without the extended ranges). */
#define CAP_IRQ_LIMIT 1020u

/*
 * A scheduling context is the authority to place vCPUs on CPUs: object is a non-empty set of
 * physical CPUs (bit n: CPU index n, so CPUs 0..63), size the highest vCPU priority it allows
 * (bits 7:0). Bits 63:8 of size are zero: Mode 2 puts a budget and a period there, and a child
 * may then only lower them too. A child takes a subset of the CPUs and a ceiling no higher.
 */
#define CAP_SCHED_PRIORITY_MAX 0xffu
#define CAP_SCHED_CPUS 64u

/* Statuses as a hypercall returns them in x0: negative is an error (SMCCC convention). */
enum cap_status {
	CAP_OK = 0,
	CAP_PREEMPTED = 1,	     /* bounded work done, more remains: call again */
	CAP_NOT_SUPPORTED = -1,	     /* unknown function id */
	CAP_INVALID_CAP = -2,	     /* selector out of range, empty slot, or wrong type */
	/*
	 * the capability lacks a right the operation needs, or its memory is not the caller's to use
	 * right now: donated to a partition as kernel memory, or (for a donation) mapped somewhere
	 */
	CAP_DENIED = -3,
	CAP_NO_MEMORY = -4,	     /* no free slot or derivation depth */
	CAP_INVALID_ARGUMENT = -5,   /* rights not a subset, range outside the parent, ... */
};

const char *cap_status_name(enum cap_status status);
const char *cap_type_name(enum cap_type type);

#define CAP_NONE UINT32_MAX

/*
 * Where a capability is: its space in bits 31:16, its slot in bits 15:0. The derivation tree's
 * links are references, so they reach into other spaces; CAP_NONE is no capability.
 */
typedef uint32_t cap_ref;
#define CAP_REF(space, slot) (((uint32_t)(space) << 16) | (uint32_t)(slot))
#define CAP_REF_SPACE(ref) ((uint16_t)((ref) >> 16))
#define CAP_REF_SLOT(ref) ((uint16_t)(ref))

struct capability {
	uint8_t type; /* CAP_TYPE_NULL: the slot is empty */
	uint8_t rights;
	uint16_t depth; /* 0 for a root capability */
	uint16_t space;
	uint16_t slot;
	uint64_t object;
	uint64_t size; /* memory, IRQ and sched context (see their types); 0 otherwise */
	/* Derivation tree (CAP_NONE when absent). */
	cap_ref parent, first_child, next_sibling, previous_sibling;
};

#define CAP_SLOT_WORDS ((CONFIG_CAPS_SLOTS_PER_SPACE + 63) / 64)

/*
 * One partition's capabilities, in memory its creator provided; guarded by the capability lock
 * of the struct cap_system it was created in, and reachable only through it.
 */
struct cap_space {
	/* Bit i % 64 of word i / 64 set: slot i is not empty. The lowest free slot in one step. */
	uint64_t used_slots[CAP_SLOT_WORDS];
	struct capability slots[CONFIG_CAPS_SLOTS_PER_SPACE];
};

/*
 * One capability system, shared by every CPU. Everything in it after `lock` is guarded by that
 * lock, the capability lock: the spaces, their slots with the derivation links, and the count.
 * It is the outermost lock of the kernel; what it covers and why it cannot deadlock:
 * caps/README.md, "Concurrency".
 */
struct cap_system {
	struct spinlock lock; /* the capability lock */
	uint32_t entries_in_use; /* capabilities in all spaces; lock */
	struct cap_space *spaces[CONFIG_CAPS_MAX_SPACES]; /* NULL: inactive; lock */
};

/* The capability ref names, in a space the caller knows active (the lock held). */
static inline struct capability *cap_at(const struct cap_system *system, cap_ref ref)
{
	return &system->spaces[CAP_REF_SPACE(ref)]->slots[CAP_REF_SLOT(ref)];
}

struct cap_info {
	enum cap_type type;
	cap_rights rights;
	uint64_t object;
	uint64_t size;
	unsigned depth;
};

/*
 * Conventions of every operation below: the caller holds system->lock, the capability lock
 * (hc_dispatch takes it for hypercalls; boot code takes it too), and a capability pointer one of
 * them returns stays valid only while the caller keeps holding it. A failed operation (negative
 * status) changes nothing at all; output pointers (selector, derived, capability, info) may be
 * NULL when the caller does not want the result. A space number that is out of range or not
 * active names no capability, so the operations that look a selector up report it as
 * CAP_INVALID_CAP.
 */
/* An empty system with its lock free; before any other CPU can reach it. */
void cap_system_init(struct cap_system *system);
/*
 * Activates space as an empty space kept in table (sizeof(struct cap_space) bytes, its contents
 * overwritten), which stays the system's until cap_space_destroy: CAP_INVALID_ARGUMENT for a bad
 * or already active space number or no table.
 */
enum cap_status cap_space_create(struct cap_system *system, uint16_t space,
				 struct cap_space *table);

/*
 * A root capability: how boot code (the kernel for the root component, the policy compiler on the
 * host) puts the first capabilities in place. Never reachable from a hypercall.
 * The new selector is the lowest free slot of the space.
 * CAP_INVALID_ARGUMENT for a bad or inactive space, type CAP_TYPE_NULL or out of range, unknown
 * rights bits, a memory range that is empty or wraps past 2^64, a non-zero size for another type,
 * or a partition object that is no space number; CAP_NO_MEMORY for a full space.
 */
enum cap_status cap_create(struct cap_system *system, uint16_t space, enum cap_type type,
			   uint64_t object, uint64_t size, cap_rights rights, cap_selector *selector);

/*
 * cap_create at a chosen free selector rather than the lowest: for boot code whose selectors are
 * an interface of their own (a boot-module guest finds each boot capability at a fixed number,
 * whatever else it was given). CAP_INVALID_ARGUMENT also for a selector out of range or in use.
 */
enum cap_status cap_create_at(struct cap_system *system, uint16_t space, enum cap_type type,
			      uint64_t object, uint64_t size, cap_rights rights,
			      cap_selector selector);

/*
 * Whether a capability could be added to space now (a free slot): what a
 * hypercall that creates a kernel object checks before it creates one, so that it never makes an
 * object it cannot name. False for a bad or inactive space.
 */
bool cap_space_has_room(const struct cap_system *system, uint16_t space);

/*
 * The one lookup-and-check choke point: CAP_INVALID_CAP for a selector out of range, an empty slot
 * or (unless type is CAP_TYPE_NULL) another type; CAP_DENIED when rights lacks a required right.
 */
enum cap_status cap_lookup(const struct cap_system *system, uint16_t space, cap_selector selector,
			   enum cap_type type, cap_rights required,
			   const struct capability **capability);

/*
 * A child capability in the same space with rights (a subset of the parent's) and, for memory,
 * the sub-range [parent.object + offset, + size) (size 0 with offset 0: the whole range); for IRQs
 * size INTIDs from the offset-th (0: one; both 0: the whole range); for a sched context the CPU
 * set offset (a non-empty subset of the parent's) with priority ceiling size (at most the
 * parent's; both 0: the parent's set and ceiling); for other types offset and size must be 0.
 * Needs no right: the child never holds more than the parent.
 * Checks in this order: the selector (CAP_INVALID_CAP), the arguments (CAP_INVALID_ARGUMENT),
 * then room (CAP_NO_MEMORY: depth beyond CONFIG_CAPS_MAX_DEPTH, no free slot).
 */
enum cap_status cap_derive(struct cap_system *system, uint16_t space, cap_selector selector,
			   cap_rights rights, uint64_t offset, uint64_t size, cap_selector *derived);

/*
 * A child capability with rights (a subset) in the space of the partition that partition_selector
 * names. Needs GRANT on the capability and GRANT on the partition capability. Checks in this
 * order: the capability, then the partition capability (CAP_INVALID_CAP, CAP_DENIED), the rights
 * (CAP_INVALID_ARGUMENT), the partition's space, which must be active (else CAP_INVALID_CAP),
 * then room as cap_derive does (CAP_NO_MEMORY).
 */
enum cap_status cap_delegate(struct cap_system *system, uint16_t space, cap_selector selector,
			     cap_selector partition_selector, cap_rights rights,
			     cap_selector *delegated);

/*
 * Removes every capability derived or delegated from this one, in any space, deepest first.
 * Bounded: at most `budget` removals per call, each costing at most CONFIG_CAPS_MAX_DEPTH steps of
 * descent; CAP_PREEMPTED when descendants remain (call again), CAP_OK when none do.
 * A budget of 0 could never finish and is CAP_INVALID_ARGUMENT. Needs no right: the holder of a
 * capability always may take back what it handed out.
 */
enum cap_status cap_revoke(struct cap_system *system, uint16_t space, cap_selector selector,
			   unsigned budget);
/*
 * cap_revoke, then removes the capability itself; same bound and statuses. The removal of the
 * capability itself counts against the budget: a capability with N descendants takes N + 1
 * removals.
 */
enum cap_status cap_delete(struct cap_system *system, uint16_t space, cap_selector selector,
			   unsigned budget);

enum cap_status cap_info(const struct cap_system *system, uint16_t space, cap_selector selector,
			 struct cap_info *info);

/*
 * For destroying a kernel object, not reachable from a hypercall as such. cap_space_destroy
 * removes every capability of space and everything derived from them in any space, then makes
 * the space inactive and returns its table, which nothing in the system points into any more
 * (NULL for a bad or inactive space); cap_remove_naming removes every capability of type naming
 * object, in any space, with everything derived from it. Unbounded by a budget but by the
 * spaces: O(CONFIG_CAPS_MAX_SPACES * CONFIG_CAPS_SLOTS_PER_SPACE * CONFIG_CAPS_MAX_DEPTH).
 */
struct cap_space *cap_space_destroy(struct cap_system *system, uint16_t space);
void cap_remove_naming(struct cap_system *system, enum cap_type type, uint64_t object);
/* How many capabilities the spaces hold; read without the lock, a snapshot. */
uint32_t cap_system_entries_in_use(const struct cap_system *system);

/*
 * Audits the whole system (tests, fuzzers, the TCB audit): slots and their used bits agree, only
 * active spaces hold capabilities, the count is right, tree links are consistent and stay inside
 * active spaces, and every child holds a subset of its parent's rights, a nested range and its
 * parent's depth + 1. Returns NULL when all holds, else a description of the first broken
 * invariant. O(spaces * slots).
 */
const char *cap_system_check(const struct cap_system *system);

/* ---- The hypercall ABI ------------------------------------------------------------------------
 * hvc #0 per SMCCC (Arm DEN0028): w0 = function id, x1..x7 = arguments, x0 back = status,
 * x1.. = results. Ids are SMC64 fast calls of the vendor-specific hypervisor service range
 * (owning entity 6) with the group in bits 15:8 and the function in bits 7:0.
 */
#define HC_ID_BASE 0xc6000000u
#define HC_ID_FIXED_MASK 0xffff0000u
#define HC_ID(group, function)                                                                  \
	(HC_ID_BASE | (((uint32_t)(group) & 0xffu) << 8) | ((uint32_t)(function) & 0xffu))
#define HC_ARGUMENTS 7
#define HC_MAX_CAP_ARGUMENTS 3

enum hc_group_number {
	HC_GROUP_HYPERVISOR = 0,
	HC_GROUP_CAPS = 1,
	HC_GROUP_CONSOLE = 2,
	HC_GROUP_VCPU = 3,
	HC_GROUP_ENDPOINT = 4,
	HC_GROUP_PARTITION = 5,
	HC_GROUP_CHANNEL = 6,
	HC_GROUP_SCHED = 7,
};

enum hc_hypervisor_function {
	HC_HYPERVISOR_NULL = 0,	   /* nothing: for measuring the round trip */
	HC_HYPERVISOR_VERSION = 1, /* -> x1 ABI version, major in bits 31:16 */
	/*
	 * -> x1 partitions in use, x2 vCPUs in use, x3 endpoints in use, x4 channels in use, x5
	 * capability entries in use (all spaces), x6 VMIDs in use, x7 kernel pages donated and not
	 * yet returned. Counts only, no identities: what shows that creating and destroying leaks
	 * nothing. Each count is read on its own, so concurrent calls may show a mix of moments.
	 */
	HC_HYPERVISOR_STATS = 2,
};

enum hc_console_function {
	HC_CONSOLE_WRITE = 0, /* x1 console sel (WRITE), x2 length <= 40, bytes in x3..x7 */
};
#define HC_CONSOLE_WRITE_MAX 40

enum hc_vcpu_function {
	/*
	 * x1 vCPU sel (CONTROL) of an exited vCPU, x2 = HC_VCPU_RESUME_*, x3 = the value an emulated
	 * load returns (written to the load's register, sized and sign-extended as the load asks).
	 * INVALID_ARGUMENT for a vCPU not exited, an unknown action, or ABORT on an exit that was
	 * not a data abort.
	 */
	HC_VCPU_RESUME = 0,
	HC_VCPU_STOP = 1,  /* x1 vCPU sel (CONTROL) */
	/*
	 * x1 vCPU sel (CONTROL) of a created vCPU. A partition that has stopped stays stopped: this
	 * and start_at are INVALID_ARGUMENT for its vCPUs.
	 */
	HC_VCPU_START = 2,
	/* x1 vCPU sel (CONTROL) of a created vCPU, x2 endpoint sel (CONTROL): where its exits go */
	HC_VCPU_SET_EXIT_ENDPOINT = 3,
	/*
	 * x1 vCPU sel (CONTROL) of a created vCPU or of an exited one its VMM keeps (PSCI CPU_OFF),
	 * x2 entry IPA, x3 its x0: starts it there with its EL1 state at reset (PSCI CPU_ON).
	 */
	HC_VCPU_START_AT = 4,
	/*
	 * x1 vCPU sel (CONTROL), x2 SPI INTID, x3 1 to enable it, 0 to disable it: the VMM mirrors
	 * its guest's distributor. An SPI passed through to the vCPU's partition is enabled or
	 * disabled at the physical GIC; any other is a virtual SPI (a channel doorbell), which a
	 * vCPU with an exit endpoint takes only while enabled (pending until then). -> x1 1 when
	 * that virtual SPI is pending at the vCPU, rung and not yet handed to its GIC interface
	 * (what a VMM reports as its device's interrupt status), else 0.
	 */
	HC_VCPU_SET_SPI_ENABLED = 5,
	/*
	 * x1 vCPU sel (CONTROL) of a created vCPU alone on its CPU, with no exit endpoint: the CPU
	 * becomes its own for good. It takes its virtual timer, SGIs and passed-through SPIs
	 * straight from the GIC with no exit in their path, its WFI is not trapped, and nothing
	 * else may be bound to that CPU; no doorbell rings it, so a channel end is refused
	 * (INVALID_ARGUMENT). NOT_SUPPORTED on a GIC without Group 0 for Mortise.
	 */
	HC_VCPU_DEDICATE = 6,
};
#define HC_VCPU_RESUME_NEXT 0  /* the access was emulated: continue after the instruction */
#define HC_VCPU_RESUME_RETRY 1 /* run the instruction again (e.g. after mapping memory) */
/*
 * Nothing answers at that address: the vCPU takes a synchronous external data abort at EL1, as
 * from a bus (its EL1 vector for the access, ESR_EL1 EC 0x24 from EL0 or 0x25 from EL1 with DFSC
 * 0x10, FAR_EL1 the access's virtual address, ELR_EL1 the faulting instruction). Mortise builds
 * it from the exit it recorded; x3 is ignored. Only for a data abort exit.
 */
#define HC_VCPU_RESUME_ABORT 2

/*
 * Building partitions: what the root component does with the policy. Creating needs a memory
 * capability with CONTROL (the authority to turn memory into partitions); the new capabilities
 * land in the caller's space.
 *
 * Kernel memory: a partition's stage-2 tables come from memory its creator donates, never from
 * Mortise's own. Donated memory is the kernel's until the partition is destroyed: nobody may map
 * it, copy to or from it, or donate it again (CAP_DENIED), whatever capabilities name it.
 *
 * Table quotas: every partition, vCPU, endpoint and channel is charged to the partition whose
 * hypercall creates it, against its quota of each (the root's is the whole table; a partition
 * starts with what its creator gave it at partition.create, taken from the creator's own). An
 * exhausted quota or table is CAP_NO_MEMORY. So is a caller's capability space without room for
 * the new capability, checked before anything is created: a failed call creates and charges
 * nothing.
 * A charge lasts as long as its entry: partition.destroy gives the charges back.
 */
/*
 * Bytes of a partition's name in x2..x3 of HC_PARTITION_CREATE. Mortise keeps the first
 * HC_PARTITION_NAME_SIZE - 1 of them and a NUL: the prefix of its console lines. tenon-policy
 * refuses longer names, so no two partitions print the same prefix.
 */
#define HC_PARTITION_NAME_SIZE 16

enum hc_partition_function {
	/*
	 * x1 memory sel (CONTROL), x2..x3 name (16 bytes, NUL-padded), x4 0, x5 vCPU quota, x6
	 * endpoint quota (bits 31:0) and channel quota (bits 63:32), x7 partition quota the new
	 * partition gets from the caller's own -> x1 partition sel. The new partition takes one
	 * more of the caller's partition quota.
	 * The whole memory of x1 is donated as the partition's kernel memory: its capability space
	 * (HC_CAP_SPACE_MEMORY_SIZE), its stage-2 tables (HC_STAGE2_TABLES says how many a mapping
	 * takes) and its vCPUs (HC_VCPU_MEMORY_SIZE each). INVALID_ARGUMENT unless it is whole
	 * 4 KiB pages of RAM, at least HC_PARTITION_MEMORY_MIN bytes, or if x4 is not 0; DENIED if
	 * any page of it is donated already or mapped in any partition; NO_MEMORY when no
	 * partition is left, or the caller's quota or space has no room. A failed create donates
	 * and charges nothing.
	 */
	HC_PARTITION_CREATE = 0,
	/*
	 * x1 partition sel (CONTROL), x2 memory sel, x3 IPA, x4 HC_MAP_*: maps the memory into the
	 * partition with the memory capability's read/write/execute rights. INVALID_ARGUMENT for a
	 * range that is not whole pages, leaves the IPA space or overlaps a mapping, normal memory
	 * that is not RAM or device memory that touches RAM or the GIC; DENIED when it touches
	 * donated memory; NO_MEMORY when the partition's kernel memory has no tables left for it,
	 * or a page of it is mapped 254 times already. A failed map writes nothing.
	 */
	HC_PARTITION_MAP = 1,
	/*
	 * x1 partition sel (CONTROL), x2 physical CPU, x3 entry IPA, x4 x0, x5 sched context sel
	 * (CONTROL) whose CPU set holds x2 (else DENIED) -> x1 vCPU sel (read, control, grant). One
	 * of the caller's vCPU quota; the vCPU itself takes HC_VCPU_MEMORY_SIZE bytes of the
	 * partition's kernel memory (NO_MEMORY when it has less left), until it is destroyed.
	 */
	HC_PARTITION_VCPU_CREATE = 2,
	/*
	 * x1 destination memory sel (WRITE), x2 source memory sel (READ), x3 destination offset,
	 * x4 source offset, x5 length <= HC_COPY_MAX: copies physical memory, as memmove does, in
	 * steps of HC_COPY_STEP bytes. Both capabilities are checked again before each step: if
	 * another CPU revokes or deletes one meanwhile, the copy ends there with the status of that
	 * check (CAP_INVALID_CAP when the slot now names another range); the steps before it stay
	 * copied, done while the caller held both. DENIED when either range touches donated
	 * memory, checked for the whole ranges before the first step.
	 */
	HC_PARTITION_COPY = 3,
	/*
	 * x1 partition sel (CONTROL) of the component that will receive -> x1 sel of a new exit
	 * endpoint (read, grant, control). Exits that reach it once that partition has stopped stop
	 * their vCPU. One of the caller's endpoint quota.
	 */
	HC_PARTITION_ENDPOINT_CREATE = 4,
	/*
	 * x1 vCPU sel (CONTROL), x2 IRQ sel (CONTROL) naming one SPI: the SPI goes to that vCPU
	 * from now on (routed to its CPU, injected as the same virtual INTID) until its partition
	 * stops. DENIED if the SPI is passed through already.
	 */
	HC_PARTITION_PASS_IRQ = 5,
	/*
	 * x1 first end's vCPU sel (CONTROL), x2 second end's vCPU sel (CONTROL), x3 the first end's
	 * doorbell INTID, x4 the second's (SPIs, 32..1019, in each vCPU's own INTID space) -> x1 sel
	 * of a new channel (read, write, grant, control). The channel's memory is a memory
	 * capability the caller maps into both partitions; the kernel object is its doorbell. One
	 * of the caller's channel quota. INVALID_ARGUMENT if an end is dedicated.
	 */
	HC_PARTITION_CHANNEL_CREATE = 6,
	/*
	 * x1 partition sel (CONTROL), x2 bytes per period (1..HC_CONSOLE_BUDGET_MAX_BYTES), x3 the
	 * period in microseconds of the generic timer's system counter (1..HC_CONSOLE_PERIOD_MAX_US):
	 * how much console output the partition may print per period, counted in its own bytes
	 * (newline included, Mortise's "[name] " prefix not). A line past the budget is dropped
	 * whole; once the budget refills, a "[name] N bytes dropped" note comes before its next
	 * line. Takes effect at once, with a full budget for a period starting now. Partitions start
	 * with CONFIG_MORTISE_CONSOLE_BUDGET_BYTES per CONFIG_MORTISE_CONSOLE_BUDGET_PERIOD_US.
	 */
	HC_PARTITION_SET_CONSOLE_BUDGET = 7,
	/*
	 * x1 partition sel (CONTROL) of a partition with no vCPU yet, x2 HC_FEATURE_* mask: the
	 * hardware its vCPUs will own, switched with them; what a partition lacks traps to Mortise
	 * and reads as zero (writes are ignored). INVALID_ARGUMENT for an unknown bit or once the
	 * partition has a vCPU (its CPUs hold its state from then on), NOT_SUPPORTED for a PMU this
	 * machine does not have.
	 */
	HC_PARTITION_SET_FEATURES = 8,
	/*
	 * x1 partition sel (CONTROL): destroys it. Stops it if it runs; once its vCPUs are off
	 * their CPUs, frees its vCPUs, the endpoints it receives, the channels with an end in it
	 * and its capability space, removing every capability naming them or it in any space and
	 * everything derived from what it held; forgets its VMID (TLBI VMALLS12E1IS, so the VMID
	 * can name another partition), counts its mappings out, returns the memory donated for
	 * it undonated (its donor's memory capability may donate or map it again) and credits its
	 * quotas, with one partition, back to the partition it was charged to; the charges of
	 * what it created elsewhere pass to that partition too. PREEMPTED while some CPU has yet
	 * to switch away from one of its vCPUs (stopped, kicked): call again. DENIED for the root
	 * partition and the caller's own. INVALID_ARGUMENT, changing nothing, while partitions it
	 * created exist (destroy them first), one of its vCPUs is dedicated (Mode 1), or vCPUs of
	 * another partition send their exits to it (destroy its guests first).
	 */
	HC_PARTITION_DESTROY = 9,
};
/* The Performance Monitors (PMUv3): cycle and event counters, their filters and controls. */
#define HC_FEATURE_PMU (1u << 0)
/* Self-hosted debug: breakpoints, watchpoints, MDSCR_EL1, the OS lock. */
#define HC_FEATURE_DEBUG (1u << 1)
#define HC_FEATURES_ALL (HC_FEATURE_PMU | HC_FEATURE_DEBUG)
#define HC_MAP_NORMAL 0
#define HC_MAP_DEVICE 1
/*
 * RAM as Normal Non-cacheable: stage 2 makes every access of the partition to it non-cacheable
 * whatever its own stage 1 says (Arm ARM D8.5.5, combining stage 1 and stage 2 attributes), so
 * that two partitions sharing it agree even when one of them can only map it non-cacheable
 * (Linux user space: sysfs resourceN_wc, /dev/mem).
 */
#define HC_MAP_NORMAL_NONCACHEABLE 2
#define HC_COPY_MAX (1u << 20)
/* Bounds of HC_PARTITION_SET_CONSOLE_BUDGET, also the policy's (policy/README.md). */
#define HC_CONSOLE_BUDGET_MAX_BYTES (1u << 20)
#define HC_CONSOLE_PERIOD_MAX_US 60000000u

/*
 * Stage-2 tables are 4 KiB each (4 KiB granule, 39-bit IPA starting at level 1): the level-1
 * root, one level-2 table per 1 GiB of IPA space holding any mapping, one level-3 table per
 * 2 MiB holding pages (a 2 MiB stretch whose IPA and physical address are both 2 MiB-aligned is
 * one block and needs none). A partition's kernel memory holds at least its capability space,
 * the root and one more.
 */
#define HC_STAGE2_TABLE_SIZE 4096u
/*
 * A partition's capability space lives in its kernel memory too, whole 4 KiB pages, taken when it
 * is created: Mortise keeps no table sized for the most capabilities there could be.
 */
#define HC_CAP_SPACE_MEMORY_SIZE (((uint32_t)sizeof(struct cap_space) + 4095u) & ~4095u)
#define HC_PARTITION_MEMORY_MIN (2u * HC_STAGE2_TABLE_SIZE + HC_CAP_SPACE_MEMORY_SIZE)
/*
 * A vCPU lives in its partition's kernel memory, like seL4's objects retyped from untyped memory:
 * Mortise keeps no table sized for the most vCPUs there could be. One 4 KiB page each.
 */
#define HC_VCPU_MEMORY_SIZE 4096u
#define HC_STAGE2_GIB_SHIFT 30
#define HC_STAGE2_BLOCK_SHIFT 21

/* How many 2^shift-byte regions [start, start + size) touches, for size > 0. */
static inline uint64_t hc_stage2_regions(uint64_t start, uint64_t size, unsigned shift)
{
	return ((start + size - 1) >> shift) - (start >> shift) + 1;
}

/*
 * At most how many tables beyond the root one mapping of size bytes from ipa to pa takes,
 * counted as if no other mapping shared its tables. With IPA and physical address congruent
 * modulo 2 MiB only its first and last 2 MiB can need pages.
 */
static inline uint64_t hc_stage2_tables(uint64_t ipa, uint64_t pa, uint64_t size)
{
	uint64_t blocks = hc_stage2_regions(ipa, size, HC_STAGE2_BLOCK_SHIFT);
	bool congruent = ((ipa ^ pa) & ((1ull << HC_STAGE2_BLOCK_SHIFT) - 1)) == 0;

	if (size == 0)
		return 0;
	return hc_stage2_regions(ipa, size, HC_STAGE2_GIB_SHIFT) +
	       (congruent && blocks > 2 ? 2 : blocks);
}

/* At most how many tables one mapping of size bytes takes wherever it is mapped, by pages. */
static inline uint64_t hc_stage2_tables_anywhere(uint64_t size)
{
	if (size == 0)
		return 0;
	return ((size - 1) >> HC_STAGE2_GIB_SHIFT) + 2 + ((size - 1) >> HC_STAGE2_BLOCK_SHIFT) + 2;
}

#define HC_COPY_STEP (1u << 16) /* bounds how long one copy holds the capability lock */

enum hc_endpoint_function {
	/*
	 * x1 endpoint sel (READ) -> x1 vCPU id, x2 ESR, x5 ELR, and for an abort x3 IPA, x4 value
	 * written; for a firmware call (HVC/SMC of the SMCCC standard range) x3..x4 its x0..x1 and
	 * x6..x7 its x2..x3
	 */
	HC_ENDPOINT_WAIT = 0,
	/*
	 * x1 endpoint sel (READ), x2 physical CPU, x3 entry IPA, x4 x0, x5 sched context sel
	 * (CONTROL) whose CPU set holds x2 (else DENIED) -> x1 vCPU sel (read, control, grant): a
	 * VMM context, a vCPU of the caller's own partition bound to that CPU, which takes the exits
	 * of the endpoint's guests on that CPU there (HC_ENDPOINT_SERVE). Only the endpoint's
	 * receiver may make one (DENIED), one per CPU and endpoint (INVALID_ARGUMENT); charged as
	 * partition.vcpu_create is, to the caller (NO_MEMORY).
	 */
	HC_ENDPOINT_CONTEXT_CREATE = 1,
	/*
	 * From a VMM context, x2 HC_VCPU_RESUME_* and x3 its value for the exit it serves, if any:
	 * resumes that vCPU as vcpu.resume would, then waits on this CPU for the next exit, which
	 * arrives as endpoint.wait's results. No capability: being the context its endpoint made
	 * for this CPU is the authority, and the hand-off names the vCPU it answers (seL4's reply
	 * capability, implied). INVALID_ARGUMENT, changing nothing, from any other vCPU or for an
	 * action that does not fit the exit.
	 */
	HC_ENDPOINT_SERVE = 2,
};

#define HC_CHANNEL_ENDS 2
enum hc_channel_function {
	/*
	 * x1 channel sel (WRITE), x2 end (0 first, 1 second): pends that end's INTID at its vCPU,
	 * which takes it as an ordinary virtual SPI. A stopped end takes nothing.
	 */
	HC_CHANNEL_NOTIFY = 0,
};

/*
 * Scheduling contexts (Mode 2, kernel/README.md): a vCPU's priority, CPU, and budget of CPU time
 * per period, set with the authority of a sched context capability (its CPU set and priority
 * ceiling). Each CPU runs its highest-priority runnable vCPU that is not paused and has budget
 * left, preempting a lower one at once when a higher one wakes; the EL2 timer ends a budget, and
 * a vCPU that spent it waits, throttled, for its next period's start, when its budget is whole
 * again (no time carries over). Which vCPU gets what is the policy of the component holding the
 * capabilities.
 */
enum hc_sched_function {
	/*
	 * x1 vCPU sel (CONTROL), x2 sched context sel (CONTROL), x3 CPU index, x4 priority, x5
	 * budget in microseconds, x6 period in microseconds: the vCPU runs on that CPU (a vCPU
	 * running elsewhere moves at its next switch) at that priority, with that budget per
	 * period from its CPU's next pass on, starting with a whole budget. budget == period is no
	 * budget enforcement. INVALID_ARGUMENT for a CPU that is not online, a priority above 255,
	 * both 0, a budget of 0 or above the period, a budget below HC_SCHED_BUDGET_MIN_US, a
	 * period above HC_SCHED_PERIOD_MAX_US, or a dedicated vCPU or CPU (Mode 1); DENIED for a
	 * CPU outside the sched context's set or a priority above its ceiling.
	 */
	HC_SCHED_CONFIGURE = 0,
	/*
	 * x1 vCPU sel (CONTROL): it is not scheduled until sched.resume, whatever its state
	 * (unlike vcpu.stop, which ends its partition); a running one leaves its CPU at once.
	 */
	HC_SCHED_PAUSE = 1,
	HC_SCHED_RESUME = 2, /* x1 vCPU sel (CONTROL): scheduled again */
	/*
	 * x1 vCPU sel (READ) -> x1 HC_SCHED_STATE_*, x2 CPU, x3 priority, x4 budget us, x5 period
	 * us (both 0 until configured), x6 times it was throttled, x7 time it ran with an enforced
	 * budget, in microseconds. A snapshot: its CPU may change it meanwhile.
	 */
	HC_SCHED_INFO = 3,
};
#define HC_SCHED_STATE_RUNNABLE 0 /* running, runnable, or waiting for an interrupt or its VMM */
#define HC_SCHED_STATE_PAUSED 1
#define HC_SCHED_STATE_THROTTLED 2 /* waiting for its budget's replenishment */
#define HC_SCHED_STATE_STOPPED 3   /* its partition has stopped */
#define HC_SCHED_BUDGET_MIN_US 10u
#define HC_SCHED_PERIOD_MAX_US 60000000u

enum hc_caps_function {
	HC_CAP_DERIVE = 0,   /* x1 sel, x2 rights, x3 offset, x4 size -> x1 new sel */
	HC_CAP_DELEGATE = 1, /* x1 sel, x2 partition sel, x3 rights -> x1 sel in that partition */
	HC_CAP_REVOKE = 2,   /* x1 sel -> CAP_OK or CAP_PREEMPTED */
	HC_CAP_DELETE = 3,   /* x1 sel -> CAP_OK or CAP_PREEMPTED */
	HC_CAP_INFO = 4,     /* x1 sel -> x1 type, x2 rights, x3 object, x4 size, x5 depth */
};

/* x0 = function id on entry; x0 = status and x1..x7 = results on return. */
struct hc_registers {
	uint64_t x[HC_ARGUMENTS + 1];
};

/*
 * A handler's view of one call: its capabilities are already looked up and checked. A handler of a
 * function that declares capabilities runs holding the capability lock (locked is true), so
 * caps[] and the objects they name stay valid, and no revoke or delete on another CPU can come
 * between the check and the use. Rule for handlers: never block, wait for another CPU or a
 * device, or switch vCPU while holding it; such a handler copies what it needs from caps[] (the
 * object numbers of kernel objects, which are never freed) and calls hc_call_unlock first. Long
 * work goes in bounded steps, each under the lock with the capabilities checked again
 * (hc_call_relock). A function that declares none runs without the lock and touches no capability.
 */
struct hc_call {
	struct cap_system *system;
	uint16_t space;
	struct hc_registers *registers;
	const struct capability *caps[HC_MAX_CAP_ARGUMENTS]; /* valid while locked */
	void *context; /* the caller's, e.g. the kernel's current vCPU */
	const struct hc_function *function;
	bool locked; /* this call holds system->lock */
};

struct hc_cap_requirement {
	uint8_t argument; /* 1..7: which x register holds the selector */
	uint8_t type;	  /* enum cap_type; CAP_TYPE_NULL = any */
	uint8_t rights;	  /* required rights */
};

struct hc_function {
	const char *name;
	enum cap_status (*handler)(struct hc_call *call);
	uint8_t cap_count;
	struct hc_cap_requirement caps[HC_MAX_CAP_ARGUMENTS];
};

struct hc_group {
	const char *name;
	uint8_t number;
	uint8_t function_count;
	const struct hc_function *functions; /* indexed by function number */
};

/* The routing table: each group registers here; one table per hypervisor build. */
struct hc_table {
	const struct hc_group *const *groups;
	size_t group_count;
};

/*
 * What each kernel hypercall requires, as the cap_count and caps[] of its struct hc_function:
 * one definition for the kernel's routing table and for the host tools (the TCB audit) that must
 * know who can reach what.
 */
#define HC_REQUIRES_NOTHING 0, {{0, 0, 0}}
#define HC_REQUIRES_CONSOLE_WRITE 1, {{1, CAP_TYPE_CONSOLE, CAP_RIGHT_WRITE}}
#define HC_REQUIRES_VCPU_CONTROL 1, {{1, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_VCPU_SET_EXIT_ENDPOINT                                                        \
	2, {{1, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}, {2, CAP_TYPE_ENDPOINT, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_ENDPOINT_WAIT 1, {{1, CAP_TYPE_ENDPOINT, CAP_RIGHT_READ}}
#define HC_REQUIRES_ENDPOINT_CONTEXT_CREATE                                                        \
	2, {{1, CAP_TYPE_ENDPOINT, CAP_RIGHT_READ}, {5, CAP_TYPE_SCHED_CONTEXT, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_PARTITION_CREATE 1, {{1, CAP_TYPE_MEMORY, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_PARTITION_MAP                                                                  \
	2, {{1, CAP_TYPE_PARTITION, CAP_RIGHT_CONTROL}, {2, CAP_TYPE_MEMORY, CAP_RIGHT_READ}}
#define HC_REQUIRES_PARTITION_CONTROL 1, {{1, CAP_TYPE_PARTITION, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_PARTITION_VCPU_CREATE                                                          \
	2, {{1, CAP_TYPE_PARTITION, CAP_RIGHT_CONTROL}, {5, CAP_TYPE_SCHED_CONTEXT, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_PARTITION_PASS_IRQ                                                             \
	2, {{1, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}, {2, CAP_TYPE_IRQ, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_PARTITION_CHANNEL_CREATE                                                       \
	2, {{1, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}, {2, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_CHANNEL_NOTIFY 1, {{1, CAP_TYPE_CHANNEL, CAP_RIGHT_WRITE}}
#define HC_REQUIRES_SCHED_CONFIGURE                                                                \
	2, {{1, CAP_TYPE_VCPU, CAP_RIGHT_CONTROL}, {2, CAP_TYPE_SCHED_CONTEXT, CAP_RIGHT_CONTROL}}
#define HC_REQUIRES_VCPU_READ 1, {{1, CAP_TYPE_VCPU, CAP_RIGHT_READ}}
#define HC_REQUIRES_PARTITION_COPY                                                                 \
	2, {{1, CAP_TYPE_MEMORY, CAP_RIGHT_WRITE}, {2, CAP_TYPE_MEMORY, CAP_RIGHT_READ}}

/*
 * Mortise's own hypercall functions, one list per group, as X(group, number, name, requirement):
 * the kernel builds its routing table from them (handler <group>_<name>_call, requirement
 * HC_REQUIRES_<requirement>) and the TCB audit its reachability probe, so the two cannot differ.
 */
#define HC_HYPERVISOR_FUNCTIONS(X)                                                                 \
	X(hypervisor, HC_HYPERVISOR_NULL, null, NOTHING)                                           \
	X(hypervisor, HC_HYPERVISOR_VERSION, version, NOTHING)                                     \
	X(hypervisor, HC_HYPERVISOR_STATS, stats, NOTHING)
#define HC_CONSOLE_FUNCTIONS(X) X(console, HC_CONSOLE_WRITE, write, CONSOLE_WRITE)
#define HC_VCPU_FUNCTIONS(X)                                                                       \
	X(vcpu, HC_VCPU_RESUME, resume, VCPU_CONTROL)                                              \
	X(vcpu, HC_VCPU_STOP, stop, VCPU_CONTROL)                                                  \
	X(vcpu, HC_VCPU_START, start, VCPU_CONTROL)                                                \
	X(vcpu, HC_VCPU_SET_EXIT_ENDPOINT, set_exit_endpoint, VCPU_SET_EXIT_ENDPOINT)              \
	X(vcpu, HC_VCPU_START_AT, start_at, VCPU_CONTROL)                                          \
	X(vcpu, HC_VCPU_SET_SPI_ENABLED, set_spi_enabled, VCPU_CONTROL)                            \
	X(vcpu, HC_VCPU_DEDICATE, dedicate, VCPU_CONTROL)
#define HC_ENDPOINT_FUNCTIONS(X)                                                                   \
	X(endpoint, HC_ENDPOINT_WAIT, wait, ENDPOINT_WAIT)                                         \
	X(endpoint, HC_ENDPOINT_CONTEXT_CREATE, context_create, ENDPOINT_CONTEXT_CREATE)           \
	X(endpoint, HC_ENDPOINT_SERVE, serve, NOTHING)
#define HC_PARTITION_FUNCTIONS(X)                                                                  \
	X(partition, HC_PARTITION_CREATE, create, PARTITION_CREATE)                                \
	X(partition, HC_PARTITION_MAP, map, PARTITION_MAP)                                         \
	X(partition, HC_PARTITION_VCPU_CREATE, vcpu_create, PARTITION_VCPU_CREATE)                 \
	X(partition, HC_PARTITION_COPY, copy, PARTITION_COPY)                                      \
	X(partition, HC_PARTITION_ENDPOINT_CREATE, endpoint_create, PARTITION_CONTROL)             \
	X(partition, HC_PARTITION_PASS_IRQ, pass_irq, PARTITION_PASS_IRQ)                          \
	X(partition, HC_PARTITION_CHANNEL_CREATE, channel_create, PARTITION_CHANNEL_CREATE)        \
	X(partition, HC_PARTITION_SET_CONSOLE_BUDGET, set_console_budget, PARTITION_CONTROL)     \
	X(partition, HC_PARTITION_SET_FEATURES, set_features, PARTITION_CONTROL)                 \
	X(partition, HC_PARTITION_DESTROY, destroy, PARTITION_CONTROL)
#define HC_CHANNEL_FUNCTIONS(X) X(channel, HC_CHANNEL_NOTIFY, notify, CHANNEL_NOTIFY)
#define HC_SCHED_FUNCTIONS(X)                                                                      \
	X(sched, HC_SCHED_CONFIGURE, configure, SCHED_CONFIGURE)                                   \
	X(sched, HC_SCHED_PAUSE, pause, VCPU_CONTROL)                                              \
	X(sched, HC_SCHED_RESUME, resume, VCPU_CONTROL)                                            \
	X(sched, HC_SCHED_INFO, info, VCPU_READ)

/* The capability operations as a group, for any table that offers them. */
extern const struct hc_group hc_caps_group;

/* Releases the capability lock early: caps[] become NULL. Only while call->locked. */
void hc_call_unlock(struct hc_call *call);
/*
 * Takes the capability lock again and looks the function's capabilities up again, as on entry,
 * into caps[]: the status of that check (they may have been revoked meanwhile). The lock is held
 * on return either way; hc_dispatch releases it.
 */
enum cap_status hc_call_relock(struct hc_call *call);

/*
 * The function registers->x[0] names in table, NULL for anything hc_dispatch answers
 * CAP_NOT_SUPPORTED: an id not of the SMC64 vendor-hypervisor shape, an unknown group or
 * function, a function without handler, with more than HC_MAX_CAP_ARGUMENTS capabilities or
 * with one in a register other than x1..x7.
 */
const struct hc_function *hc_find_function(const struct hc_table *table, uint64_t id);

/*
 * hc_dispatch's work for a function that takes capabilities, after the decode: checks them under
 * the capability lock, calls the handler, releases the lock (hc_call_unlock, if the handler has not
 * already). For hc_run.
 */
enum cap_status hc_run_checked(struct hc_call *call);

/*
 * Makes call ready for hc_run on behalf of space, with its registers and context (the handler's,
 * e.g. the kernel's vCPU), unlocked. A caller that makes one call at a time (a vCPU: the kernel
 * keeps one per vCPU for its fast path) makes it ready once and runs every call on it: hc_run
 * leaves it as it found it, but for its function.
 */
static inline void hc_call_init(struct hc_call *call, struct cap_system *system, uint16_t space,
				struct hc_registers *registers, void *context)
{
	*call = (struct hc_call){
		.system = system,
		.space = space,
		.registers = registers,
		.context = context,
	};
}

/*
 * hc_dispatch after the decode, for a function hc_find_function returned, on a call hc_call_init
 * made ready: checks its capabilities under the capability lock (none: no lock), calls the handler
 * and returns its status, leaving call unlocked with caps[] NULL. The caller writes the status into
 * x[0], sign-extended (SMCCC). Inline so that a caller that decoded the id its own way (Mortise's
 * fast path, from a table built once at boot from the same routing table) runs the same checks
 * without a call, and a call without capabilities costs a test and the handler's own call.
 */
static inline enum cap_status hc_run(struct hc_call *call, const struct hc_function *function)
{
	call->function = function;
	return function->cap_count == 0 ? function->handler(call) : hc_run_checked(call);
}

/*
 * Decodes registers->x[0], finds the function, checks every declared capability (CAP_INVALID_CAP,
 * CAP_DENIED) under the capability lock and only then calls the handler, holding the lock across
 * it (struct hc_call says when a handler may let it go); a function that declares no capability
 * takes no lock at all. Writes the status into x[0] and returns it. Any register values are safe:
 * this is the hostile-input boundary. A selector argument above UINT32_MAX is CAP_INVALID_CAP. An unknown group or function, a function without handler or a
 * malformed table entry is CAP_NOT_SUPPORTED. On an error x1..x7 are left as they were.
 */
enum cap_status hc_dispatch(const struct hc_table *table, struct cap_system *system, uint16_t space,
			    struct hc_registers *registers, void *context);

#endif
