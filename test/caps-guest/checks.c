/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every hypercall with valid and invalid selectors, types and rights, each status checked. Starts
 * from the boot capabilities of guest.h and leaves them as it found them.
 */
#include "guest.h"

#include "array_length.h"
#include "console.h"
#include "cpu.h"
#include "exception.h"
#include "gtimer.h"
#include "hvc.h"
#include "psci.h"

static unsigned checks_passed, checks_failed;

static void check(bool ok, const char *what, int line, int64_t got, int64_t want)
{
	if (ok) {
		checks_passed++;
		return;
	}
	checks_failed++;
	console_printf("caps guest: FAIL line %d: %s: got %lld, want %lld\n", line, what,
		       (long long)got, (long long)want);
}

#define CHECK_STATUS(call, want)                                                                  \
	do {                                                                                      \
		enum cap_status got_ = (call);                                                    \
		check(got_ == (want), #call, __LINE__, got_, (want));                             \
	} while (0)
#define CHECK_EQUAL(value, want)                                                                  \
	do {                                                                                      \
		uint64_t got_ = (value);                                                          \
		check(got_ == (uint64_t)(want), #value, __LINE__, (int64_t)got_, (int64_t)(want)); \
	} while (0)

static struct hc_registers r;

static enum cap_status derive(cap_selector selector, cap_rights rights, uint64_t offset,
			      uint64_t size)
{
	return guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), selector, rights, offset, size,
			  0);
}

static enum cap_status delegate(cap_selector selector, cap_selector partition, cap_rights rights)
{
	return guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE), selector, partition, rights, 0,
			  0);
}

static enum cap_status info(uint64_t selector)
{
	return guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), selector, 0, 0, 0, 0);
}

/*
 * When a check stops waiting for what another CPU does, in virtual time: without -icount a loaded
 * host runs the other CPUs rarely, so a bound in calls or spins would depend on the host. 10 s is
 * far beyond the three 10 ms scheduling periods the longest wait needs and within the timeout.
 */
static uint64_t other_cpu_deadline(void)
{
	return gtimer_virtual_counter() + 10 * gtimer_frequency();
}

/* Revoke and delete may stop after a bounded amount of work: repeat until done. */
static enum cap_status until_done(uint32_t function, cap_selector selector)
{
	enum cap_status status;
	unsigned rounds = 0;

	do
		status = guest_call(&r, HC_ID(HC_GROUP_CAPS, function), selector, 0, 0, 0, 0);
	while (status == CAP_PREEMPTED && ++rounds < 100000);
	return status;
}

static enum cap_status write_console(uint64_t selector, const char *text, uint64_t length)
{
	struct hc_registers registers = {
		.x = {HC_ID(HC_GROUP_CONSOLE, HC_CONSOLE_WRITE), selector, length}};
	for (uint64_t i = 0; i < length && i < HC_CONSOLE_WRITE_MAX; i++)
		((char *)&registers.x[3])[i] = text[i];
	return hvc_call(&registers);
}

/* hypervisor.stats into counts[1..7] (its x1..x7). */
static void read_stats(uint64_t counts[HC_ARGUMENTS + 1])
{
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_STATS), 0, 0, 0, 0, 0),
		     CAP_OK);
	for (unsigned i = 1; i <= HC_ARGUMENTS; i++)
		counts[i] = r.x[i];
}

static void check_hypervisor_group(void)
{
	uint64_t counts[HC_ARGUMENTS + 1];

	/* This guest and its peer, each with its VMID and donated tables; its vCPU and boot caps. */
	read_stats(counts);
	CHECK_EQUAL(counts[1], 2);
	CHECK_EQUAL(counts[6], 2);
	CHECK_EQUAL(counts[7], 2 * BOOT_KERNEL_PAGES);
	check(counts[2] >= 1 && counts[5] >= BOOT_CAPABILITIES, "stats: vCPUs and capabilities",
	      __LINE__, (int64_t)counts[5], BOOT_CAPABILITIES);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_NULL), 0, 0, 0, 0, 0),
		     CAP_OK);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_HYPERVISOR, HC_HYPERVISOR_VERSION), 0, 0, 0, 0,
				0),
		     CAP_OK);
	CHECK_EQUAL(r.x[1] >> 16, 1);
	CHECK_STATUS(guest_call(&r, HC_ID(0x7f, 0), 0, 0, 0, 0, 0), CAP_NOT_SUPPORTED);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_CAPS, 0xff), 0, 0, 0, 0, 0), CAP_NOT_SUPPORTED);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_HYPERVISOR, 0x10), 0, 0, 0, 0, 0),
		     CAP_NOT_SUPPORTED);
	/* An id with bits above w0 set, or outside the vendor hypervisor range. */
	CHECK_STATUS(guest_call(&r, 0, 0, 0, 0, 0, 0), CAP_NOT_SUPPORTED);
	struct hc_registers wide = {.x = {(1ULL << 32) | HC_ID(HC_GROUP_HYPERVISOR, 0)}};
	CHECK_STATUS(hvc_call(&wide), CAP_NOT_SUPPORTED);
}

static void check_console_group(void)
{
	CHECK_STATUS(write_console(SEL_CONSOLE, "", 0), CAP_OK);
	CHECK_STATUS(write_console(SEL_IRQ, "x", 1), CAP_INVALID_CAP);
	CHECK_STATUS(write_console(SEL_CONSOLE, "x", HC_CONSOLE_WRITE_MAX + 1),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(SEL_CONSOLE, CAP_RIGHT_READ, 0, 0), CAP_OK);
	cap_selector read_only = (cap_selector)r.x[1];
	CHECK_STATUS(write_console(read_only, "x", 1), CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_DELETE, read_only), CAP_OK);
	CHECK_STATUS(write_console(read_only, "x", 1), CAP_INVALID_CAP);
}

static void check_info_of_boot_capabilities(void)
{
	CHECK_STATUS(info(SEL_RAM), CAP_OK);
	CHECK_EQUAL(r.x[1], CAP_TYPE_MEMORY);
	CHECK_EQUAL(r.x[2], CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_EXECUTE | CAP_RIGHT_GRANT);
	CHECK_EQUAL(r.x[4], 16ULL << 20);
	CHECK_EQUAL(r.x[5], 0);
	CHECK_STATUS(info(SEL_PEER), CAP_OK);
	CHECK_EQUAL(r.x[1], CAP_TYPE_PARTITION);
	CHECK_EQUAL(r.x[2], CAP_RIGHT_GRANT);
	CHECK_STATUS(info(SEL_IRQ), CAP_OK);
	CHECK_EQUAL(r.x[1], CAP_TYPE_IRQ);
	CHECK_EQUAL(r.x[3], 48);
}

static void check_derive(void)
{
	CHECK_STATUS(info(SEL_RAM), CAP_OK);
	uint64_t ram_base = r.x[3];

	CHECK_STATUS(derive(SEL_RAM, CAP_RIGHT_READ | CAP_RIGHT_WRITE, 0x1000, 0x2000), CAP_OK);
	cap_selector window = (cap_selector)r.x[1];
	CHECK_STATUS(info(window), CAP_OK);
	CHECK_EQUAL(r.x[1], CAP_TYPE_MEMORY);
	CHECK_EQUAL(r.x[2], CAP_RIGHT_READ | CAP_RIGHT_WRITE);
	CHECK_EQUAL(r.x[3], ram_base + 0x1000);
	CHECK_EQUAL(r.x[4], 0x2000);
	CHECK_EQUAL(r.x[5], 1);
	/* A child never gains: rights beyond the parent's, or a range outside it. */
	CHECK_STATUS(derive(window, CAP_RIGHT_EXECUTE, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(window, CAP_RIGHT_READ, 0x1000, 0x2000), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(window, CAP_RIGHT_READ, UINT64_MAX, 2), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(window, CAP_RIGHT_READ, 0x1000, UINT64_MAX), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(SEL_RAM, 1u << 5, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(SEL_IRQ, CAP_RIGHT_READ, 4, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(SEL_IRQ, CAP_RIGHT_WRITE, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(until_done(HC_CAP_DELETE, window), CAP_OK);
	CHECK_STATUS(info(window), CAP_INVALID_CAP);
}

static void check_delegate_and_revoke(void)
{
	CHECK_STATUS(delegate(SEL_RAM, SEL_PEER, CAP_RIGHT_READ), CAP_OK);
	CHECK_STATUS(delegate(SEL_RAM, SEL_IRQ, CAP_RIGHT_READ), CAP_INVALID_CAP);
	CHECK_STATUS(delegate(SEL_RAM, SEL_PEER, CAP_RIGHTS_ALL), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(delegate(SEL_IRQ, SEL_PEER, CAP_RIGHT_READ), CAP_DENIED);

	/* Without GRANT on the partition, nothing can be given to it. */
	CHECK_STATUS(derive(SEL_PEER, 0, 0, 0), CAP_OK);
	cap_selector peer_no_grant = (cap_selector)r.x[1];
	CHECK_STATUS(delegate(SEL_RAM, peer_no_grant, CAP_RIGHT_READ), CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_DELETE, peer_no_grant), CAP_OK);

	/* A tree of derived capabilities: revoking the root removes all of it, in bounded steps. */
	CHECK_STATUS(derive(SEL_RAM, CAP_RIGHTS_ALL & ~CAP_RIGHT_CONTROL, 0, 0), CAP_OK);
	cap_selector subtree = (cap_selector)r.x[1];
	cap_selector last = subtree;
	for (unsigned i = 0; i < 40; i++) {
		CHECK_STATUS(derive(subtree, CAP_RIGHT_READ, (uint64_t)i << 12, 0x1000), CAP_OK);
		last = (cap_selector)r.x[1];
	}
	CHECK_STATUS(delegate(subtree, SEL_PEER, CAP_RIGHT_READ), CAP_OK);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), subtree, 0, 0, 0, 0),
		     CAP_PREEMPTED);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, subtree), CAP_OK);
	CHECK_STATUS(info(last), CAP_INVALID_CAP);
	CHECK_STATUS(info(subtree), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_DELETE, subtree), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_RAM), CAP_OK);
	CHECK_STATUS(info(SEL_RAM), CAP_OK);
}

static void check_capacity(void)
{
	cap_selector first = 0, count = 0;

	/* Fill every free slot: the next derive is NO_MEMORY, not a crash. */
	while (derive(SEL_IRQ, CAP_RIGHT_READ, 0, 0) == CAP_OK) {
		if (count++ == 0)
			first = (cap_selector)r.x[1];
	}
	CHECK_STATUS(derive(SEL_IRQ, CAP_RIGHT_READ, 0, 0), CAP_NO_MEMORY);
	CHECK_EQUAL(count, CONFIG_CAPS_SLOTS_PER_SPACE - BOOT_CAPABILITIES);
	CHECK_EQUAL(first, FIRST_FREE_SELECTOR);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_IRQ), CAP_OK);

	/* A chain deeper than the configured depth is refused. */
	cap_selector link = SEL_IRQ;
	unsigned depth = 0;
	while (derive(link, CAP_RIGHT_READ, 0, 0) == CAP_OK) {
		link = (cap_selector)r.x[1];
		depth++;
	}
	CHECK_STATUS(derive(link, CAP_RIGHT_READ, 0, 0), CAP_NO_MEMORY);
	CHECK_EQUAL(depth, CONFIG_CAPS_MAX_DEPTH);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_IRQ), CAP_OK);
}

/*
 * No selector value reaches anything but the boot capabilities: every value in range and
 * beyond, the 32-bit edges and 64-bit values whose low half is a valid selector.
 */
static void check_every_selector(void)
{
	unsigned reachable = 0, refused = 0;
	uint64_t edges[] = {UINT32_MAX, 1ULL << 32, (1ULL << 32) | SEL_CONSOLE,
			    (1ULL << 63) | SEL_RAM, UINT64_MAX};

	for (uint64_t selector = 0; selector < CONFIG_CAPS_SLOTS_PER_SPACE + 1024; selector++) {
		enum cap_status status = info(selector);
		if (status == CAP_OK)
			reachable++;
		else if (status == CAP_INVALID_CAP)
			refused++;
		enum cap_status write = write_console(selector, "", 0);
		check(write == (selector == SEL_CONSOLE ? CAP_OK : CAP_INVALID_CAP),
		      "console write by selector", __LINE__, write, (int64_t)selector);
	}
	CHECK_EQUAL(reachable, BOOT_CAPABILITIES);
	CHECK_EQUAL(refused, CONFIG_CAPS_SLOTS_PER_SPACE + 1024 - BOOT_CAPABILITIES);
	for (unsigned i = 0; i < ARRAY_LENGTH(edges); i++) {
		CHECK_STATUS(info(edges[i]), CAP_INVALID_CAP);
		CHECK_STATUS(write_console(edges[i], "", 0), CAP_INVALID_CAP);
		CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), edges[i], 0, 0, 0,
					0),
			     CAP_INVALID_CAP);
		CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_REVOKE), edges[i], 0, 0, 0,
					0),
			     CAP_INVALID_CAP);
		CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE), SEL_RAM, edges[i],
					CAP_RIGHT_READ, 0, 0),
			     CAP_INVALID_CAP);
	}
}

/* A vCPU of this partition on CPU 0, never started: an object to point hypercalls at. */
static cap_selector create_own_vcpu(void)
{
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE), SEL_SELF, 0,
				0, 0, SEL_SCHED_CONTEXT),
		     CAP_OK);
	return (cap_selector)r.x[1];
}

/*
 * Passing an interrupt through takes control over a vCPU and over the IRQ: this guest's IRQ
 * capability only reads, so even with a vCPU of its own it cannot take INTID 48.
 */
static void check_irq_needs_control(void)
{
	const uint32_t pass_irq = HC_ID(HC_GROUP_PARTITION, HC_PARTITION_PASS_IRQ);

	CHECK_STATUS(guest_call(&r, pass_irq, SEL_IRQ, SEL_IRQ, 0, 0, 0), CAP_INVALID_CAP);
	cap_selector vcpu = create_own_vcpu();
	CHECK_STATUS(guest_call(&r, pass_irq, vcpu, SEL_RAM, 0, 0, 0), CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, pass_irq, vcpu, SEL_IRQ, 0, 0, 0), CAP_DENIED);
	CHECK_STATUS(derive(SEL_IRQ, CAP_RIGHT_CONTROL, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(until_done(HC_CAP_DELETE, vcpu), CAP_OK);
}

/*
 * Channels and dedication with hostile arguments. Both ends of the test channel are a vCPU of
 * this partition that never starts, so a ring only leaves an SPI pending there; this vCPU shares
 * CPU 0 with it, so it cannot be dedicated.
 */
static void check_channels_and_dedication(void)
{
	const uint32_t create = HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CHANNEL_CREATE);
	const uint32_t notify = HC_ID(HC_GROUP_CHANNEL, HC_CHANNEL_NOTIFY);
	const uint32_t dedicate = HC_ID(HC_GROUP_VCPU, HC_VCPU_DEDICATE);

	cap_selector vcpu = create_own_vcpu();
	CHECK_STATUS(guest_call(&r, create, vcpu, SEL_IRQ, 40, 41, 0), CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, create, vcpu, vcpu, 31, 40, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, create, vcpu, vcpu, 40, 1020, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, create, vcpu, vcpu, 40, 1ULL << 32 | 41, 0),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, create, vcpu, vcpu, 40, 41, 0), CAP_OK);
	cap_selector channel = (cap_selector)r.x[1];
	CHECK_STATUS(info(channel), CAP_OK);
	CHECK_EQUAL(r.x[1], CAP_TYPE_CHANNEL);
	CHECK_EQUAL(r.x[2], CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT | CAP_RIGHT_CONTROL);
	CHECK_STATUS(guest_call(&r, notify, channel, 0, 0, 0, 0), CAP_OK);
	CHECK_STATUS(guest_call(&r, notify, channel, 1, 0, 0, 0), CAP_OK);
	CHECK_STATUS(guest_call(&r, notify, channel, 2, 0, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, notify, channel, ~0ULL, 0, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, notify, vcpu, 0, 0, 0, 0), CAP_INVALID_CAP);
	CHECK_STATUS(derive(channel, CAP_RIGHT_READ, 0, 0), CAP_OK);
	cap_selector read_only = (cap_selector)r.x[1];
	CHECK_STATUS(guest_call(&r, notify, read_only, 0, 0, 0, 0), CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, channel), CAP_OK);
	CHECK_STATUS(guest_call(&r, notify, read_only, 0, 0, 0, 0), CAP_INVALID_CAP);
	CHECK_STATUS(until_done(HC_CAP_DELETE, channel), CAP_OK);

	CHECK_STATUS(guest_call(&r, dedicate, vcpu, 0, 0, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, dedicate, SEL_IRQ, 0, 0, 0, 0), CAP_INVALID_CAP);
	CHECK_STATUS(until_done(HC_CAP_DELETE, vcpu), CAP_OK);
}

/*
 * PSCI CPU_ON, which Mortise serves for a partition without a VMM: this vCPU (0) is running, and
 * the partition has no vCPU 7 nor any with Aff3 = 1 (check_irq_needs_control made a vCPU 1).
 */
static void check_psci_cpu_on(void)
{
	const uint64_t targets[] = {0, 7, 1ULL << 32};
	const int64_t want[] = {PSCI_ALREADY_ON, PSCI_INVALID_PARAMETERS, PSCI_INVALID_PARAMETERS};

	for (unsigned i = 0; i < ARRAY_LENGTH(targets); i++) {
		guest_call(&r, PSCI_FN_CPU_ON, targets[i], 0x40000000, 0, 0, 0);
		CHECK_EQUAL(r.x[0], want[i]);
	}
}

/*
 * The first instructions of a probe vCPU, which starts with its MMU off (IPA = VA): a PSCI
 * VERSION call, then a load from an IPA nothing maps in this partition (only its RAM is).
 */
#define PROBE_UNMAPPED_IPA 0x1000
__asm__(".pushsection .text\n"
	".balign 4\n"
	"abort_probe_entry:\n"
	"	movz x0, #0x8400, lsl #16\n"
	"	hvc #0\n"
	"	mov x2, #0x1000\n"
	"	ldr x1, [x2]\n"
	"	b .\n"
	".popsection\n");
extern const char abort_probe_entry[];
/* The vector of a synchronous exception from EL1 with SP_EL1 (Arm ARM D1.10.2), VBAR_EL1 at 0. */
#define PROBE_ABORT_VECTOR 0x200

/*
 * HC_VCPU_RESUME_ABORT on a probe vCPU of this partition whose exits come to an endpoint held
 * here: refused while it has not exited, after a firmware call, after an instruction abort, once
 * it runs again, with an unknown action or on something that is no vCPU; after the load's data
 * abort it enters the probe's EL1 vector at VBAR_EL1 (0 at reset) + 0x200, which nothing maps
 * either, so the probe exits again there on an instruction fetch. The probe stays exited.
 */
static void check_resume_abort(void)
{
	const uint32_t resume = HC_ID(HC_GROUP_VCPU, HC_VCPU_RESUME);
	const uint32_t wait = HC_ID(HC_GROUP_ENDPOINT, HC_ENDPOINT_WAIT);

	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_ENDPOINT_CREATE),
				SEL_SELF, 0, 0, 0, 0),
		     CAP_OK);
	cap_selector endpoint = (cap_selector)r.x[1];
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE), SEL_SELF, 0,
				(uint64_t)(uintptr_t)abort_probe_entry, 0, SEL_SCHED_CONTEXT),
		     CAP_OK);
	cap_selector probe = (cap_selector)r.x[1];
	CHECK_STATUS(guest_call(&r, resume, probe, HC_VCPU_RESUME_ABORT, 0, 0, 0),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_SET_EXIT_ENDPOINT), probe,
				endpoint, 0, 0, 0),
		     CAP_OK);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), probe, 0, 0, 0, 0), CAP_OK);

	CHECK_STATUS(guest_call(&r, wait, endpoint, 0, 0, 0, 0), CAP_OK);
	CHECK_EQUAL(esr_class(r.x[2]), ESR_EC_HVC64);
	CHECK_STATUS(guest_call(&r, resume, probe, HC_VCPU_RESUME_ABORT, 0, 0, 0),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, resume, probe, HC_VCPU_RESUME_ABORT + 1, 0, 0, 0),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, resume, probe, ~0ULL, 0, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, resume, endpoint, HC_VCPU_RESUME_ABORT, 0, 0, 0),
		     CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, resume, probe, HC_VCPU_RESUME_NEXT, 0, 0, 0), CAP_OK);

	CHECK_STATUS(guest_call(&r, wait, endpoint, 0, 0, 0, 0), CAP_OK);
	CHECK_EQUAL(esr_class(r.x[2]), ESR_EC_DABT_LOWER);
	CHECK_EQUAL(r.x[3], PROBE_UNMAPPED_IPA);
	enum cap_status injected = guest_call(&r, resume, probe, HC_VCPU_RESUME_ABORT, 0, 0, 0);
	CHECK_STATUS(injected, CAP_OK);
	/* Still exited on the load otherwise: no further exit would come. */
	if (injected == CAP_OK) {
		CHECK_STATUS(guest_call(&r, resume, probe, HC_VCPU_RESUME_ABORT, 0, 0, 0),
			     CAP_INVALID_ARGUMENT);
		CHECK_STATUS(guest_call(&r, wait, endpoint, 0, 0, 0, 0), CAP_OK);
		CHECK_EQUAL(esr_class(r.x[2]), ESR_EC_IABT_LOWER);
		CHECK_EQUAL(r.x[3], PROBE_ABORT_VECTOR);
		CHECK_EQUAL(r.x[5], PROBE_ABORT_VECTOR);
		CHECK_STATUS(guest_call(&r, resume, probe, HC_VCPU_RESUME_ABORT, 0, 0, 0),
			     CAP_INVALID_ARGUMENT);
	}
	CHECK_STATUS(until_done(HC_CAP_DELETE, probe), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_DELETE, endpoint), CAP_OK);
}

#define PAGE 0x1000ULL
#define BLOCK 0x200000ULL
#define ABOVE_4_GIB 0x100000000ULL

static enum cap_status map(cap_selector partition, cap_selector memory, uint64_t ipa)
{
	return guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), partition, memory, ipa,
			  HC_MAP_NORMAL, 0);
}

/* A derived capability over pages of a memory capability; CAP_NONE if refused. */
static cap_selector pages_of(cap_selector memory, cap_rights rights, uint64_t first, uint64_t count)
{
	enum cap_status status = derive(memory, rights, first * PAGE, count * PAGE);

	check(status == CAP_OK, "derive pages", __LINE__, status, CAP_OK);
	return status == CAP_OK ? (cap_selector)r.x[1] : CAP_NONE;
}

/* A partition made from count pages of the spare memory, from page first; CAP_NONE if refused. */
static cap_selector create_from_spare(uint64_t first, uint64_t count, enum cap_status want)
{
	cap_selector memory = pages_of(SEL_SPARE, CAP_RIGHT_CONTROL, first, count);
	enum cap_status status = guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CREATE),
					    memory, 0x6c6c6f64, 0, 0, 0);

	check(status == want, "partition.create from spare memory", __LINE__, status, want);
	return status == CAP_OK ? (cap_selector)r.x[1] : CAP_NONE;
}

/*
 * Donated memory is the kernel's: it cannot be mapped, copied to or from, or donated again, and
 * memory mapped somewhere cannot be donated. Spare pages 0..4 become the kernel memory of a
 * partition (its capability space and four tables), page 8 is mapped into it. Leaves that partition for check_failed_map_writes_nothing.
 */
static cap_selector check_donation(void)
{
	const uint32_t create = HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CREATE);
	const uint32_t copy = HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY);

	CHECK_STATUS(info(SEL_SPARE), CAP_OK);
	CHECK_EQUAL(r.x[1], CAP_TYPE_MEMORY);
	CHECK_EQUAL(r.x[2], CAP_RIGHTS_ALL);
	CHECK_EQUAL(r.x[4], SPARE_PAGES * PAGE);
	/* Too small, not whole pages, a reserved register, no CONTROL: nothing is donated. */
	create_from_spare(0, 1, CAP_INVALID_ARGUMENT);
	/* Two tables and no room for its capability space. */
	create_from_spare(0, 2, CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(SEL_SPARE, CAP_RIGHT_CONTROL, 0x800, 2 * PAGE), CAP_OK);
	CHECK_STATUS(guest_call(&r, create, r.x[1], 0, 0, 0, 0), CAP_INVALID_ARGUMENT);
	cap_selector first_pages = pages_of(SEL_SPARE, CAP_RIGHT_CONTROL, 0, 4 + CAP_SPACE_PAGES);
	CHECK_STATUS(guest_call(&r, create, first_pages, 0, 0, 1, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, create, SEL_RAM, 0, 0, 0, 0), CAP_DENIED);

	uint64_t before[HC_ARGUMENTS + 1], after[HC_ARGUMENTS + 1];
	read_stats(before);
	CHECK_STATUS(guest_call(&r, create, first_pages, 0x31746170, 0, 0, 0), CAP_OK);
	cap_selector partition = (cap_selector)r.x[1];
	read_stats(after);
	CHECK_EQUAL(after[1] - before[1], 1);
	CHECK_EQUAL(after[5] - before[5], 1);
	CHECK_EQUAL(after[6] - before[6], 1);
	CHECK_EQUAL(after[7] - before[7], 4 + CAP_SPACE_PAGES);
	CHECK_STATUS(guest_call(&r, create, first_pages, 0, 0, 0, 0), CAP_DENIED);
	create_from_spare(2, 3, CAP_DENIED);
	create_from_spare(3, 3, CAP_DENIED);

	cap_selector donated = pages_of(SEL_SPARE, CAP_RIGHTS_ALL, 1, 1);
	CHECK_STATUS(map(SEL_SELF, donated, ABOVE_4_GIB), CAP_DENIED);
	CHECK_STATUS(map(partition, donated, 0), CAP_DENIED);
	CHECK_STATUS(map(partition, SEL_SPARE, ABOVE_4_GIB), CAP_DENIED);
	CHECK_STATUS(guest_call(&r, copy, donated, SEL_RAM, 0, 0, 8), CAP_DENIED);
	CHECK_STATUS(guest_call(&r, copy, SEL_SPARE, SEL_RAM, 0, 0, 5 * PAGE), CAP_DENIED);
	CHECK_STATUS(guest_call(&r, copy, SEL_RAM, donated, 0, 0, 8), CAP_DENIED);
	CHECK_STATUS(guest_call(&r, copy, SEL_SPARE, SEL_RAM, 5 * PAGE, 0, 8), CAP_OK);

	/* Mapped, then not donatable; unmapped pages beside it still are (below). */
	cap_selector mapped = pages_of(SEL_SPARE, CAP_RIGHTS_ALL, 8, 1);
	CHECK_STATUS(map(partition, mapped, 0), CAP_OK);
	/* The same RAM again, non-cacheable (a channel a Linux end shares); kind 3 does not exist. */
	const uint32_t map_call = HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP);
	CHECK_STATUS(guest_call(&r, map_call, partition, mapped, PAGE,
				HC_MAP_NORMAL_NONCACHEABLE + 1, 0),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, map_call, partition, mapped, PAGE, HC_MAP_NORMAL_NONCACHEABLE, 0),
		     CAP_OK);
	create_from_spare(7, 3, CAP_DENIED);
	create_from_spare(8, 3, CAP_DENIED);
	return partition;
}

/*
 * A failed map writes nothing: partition has 4 tables, 2 of them taken by check_donation's map at
 * IPA 0. A map whose middle overlaps, or that runs out of tables midway, leaves its first part
 * free to map again.
 */
static void check_failed_map_writes_nothing(cap_selector partition)
{
	cap_selector four_pages = pages_of(SEL_RAM, CAP_RIGHT_READ, 0, 4);
	cap_selector page = pages_of(SEL_RAM, CAP_RIGHT_READ, 0, 1);
	cap_selector two_pages = pages_of(SEL_RAM, CAP_RIGHT_READ, 0, 2);

	CHECK_STATUS(map(partition, page, 0x10000 + 2 * PAGE), CAP_OK);
	CHECK_STATUS(map(partition, four_pages, 0x10000), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(map(partition, page, 0x10000), CAP_OK);
	/* One table left: a map across two new 2 MiB regions needs two. */
	CHECK_STATUS(map(partition, two_pages, 3 * BLOCK - PAGE), CAP_NO_MEMORY);
	CHECK_STATUS(map(partition, page, 3 * BLOCK - PAGE), CAP_OK);
	CHECK_STATUS(map(partition, page, 3 * BLOCK), CAP_NO_MEMORY);
	/* Out of IPA space or of whole pages: refused before anything is counted. */
	CHECK_STATUS(map(partition, page, 1ULL << 39), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(map(partition, page, (1ULL << 39) - PAGE), CAP_NO_MEMORY);
	CHECK_STATUS(map(partition, page, 0x800), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(until_done(HC_CAP_DELETE, partition), CAP_OK);
}

/*
 * Mapping one page at every 2 MiB above 4 GiB takes a table each, from this partition's own
 * kernel memory: BOOT_KERNEL_PAGES less its capability space, the root, its RAM's level 2, the
 * new level 2 and a page for each of its vCPUs (its boot one and its spent quota but the peer's two). Then NO_MEMORY,
 * and another partition, with kernel memory of its own, is still made and mapped.
 */
static void check_table_exhaustion(void)
{
	cap_selector page = pages_of(SEL_RAM, CAP_RIGHT_READ, 0, 1);
	unsigned mapped = 0;
	enum cap_status status;

	while ((status = map(SEL_SELF, page, ABOVE_4_GIB + mapped * BLOCK)) == CAP_OK &&
	       mapped < 1000)
		mapped++;
	CHECK_STATUS(status, CAP_NO_MEMORY);
	CHECK_EQUAL(mapped, BOOT_KERNEL_PAGES - CAP_SPACE_PAGES - 3 - (1 + GUEST_VCPU_QUOTA - 2));
	/* A page in a table it has still maps. */
	CHECK_STATUS(map(SEL_SELF, page, ABOVE_4_GIB + PAGE), CAP_OK);
	cap_selector other = create_from_spare(9, CAP_SPACE_PAGES + 3, CAP_OK);
	CHECK_STATUS(map(other, page, ABOVE_4_GIB), CAP_OK);
	CHECK_STATUS(map(other, page, ABOVE_4_GIB + BLOCK), CAP_NO_MEMORY);
	/* The capabilities go; what they mapped and donated stays (there is no unmapping yet). */
	CHECK_STATUS(until_done(HC_CAP_DELETE, other), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_RAM), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_SPARE), CAP_OK);
	create_from_spare(0, 3, CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_SPARE), CAP_OK);
}

/*
 * Partitions are charged too: this guest's partition quota (GUEST_PARTITION_QUOTA) has room for
 * two more after check_donation's and check_table_exhaustion's; a third is refused though spare
 * memory remains, and its refusal donates nothing (a copy into that memory still works).
 */
static cap_selector quota_partitions[2]; /* check_destroy destroys them */

static void check_partition_quota(void)
{
	quota_partitions[0] = create_from_spare(13, 3, CAP_OK);
	quota_partitions[1] = create_from_spare(16, 3, CAP_OK);
	create_from_spare(19, 3, CAP_NO_MEMORY);
	cap_selector refused = pages_of(SEL_SPARE, CAP_RIGHT_WRITE, 19, 3);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), refused, SEL_RAM,
				0, 0, 8),
		     CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_SPARE), CAP_OK);
}

static enum cap_status set_console_budget(uint64_t partition, uint64_t bytes, uint64_t period_us)
{
	return guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_SET_CONSOLE_BUDGET), partition,
			  bytes, period_us, 0, 0);
}

/*
 * The console budget takes control over the partition and values within caps.h's bounds; a
 * refused call leaves the budget as it was (a budget of 1 byte would silence every line the
 * expect script waits for). Then a budget of 40 bytes per minute, for real: a line longer than
 * it is dropped whole, one that fits is printed, the next one past what is left is dropped, and
 * setting the default budget back refills it and prints the note "[guest] 87 bytes dropped".
 */
static void check_console_budget(void)
{
	const uint64_t bytes = CONFIG_MORTISE_CONSOLE_BUDGET_BYTES;
	const uint64_t period = CONFIG_MORTISE_CONSOLE_BUDGET_PERIOD_US;
	const uint64_t hostile[][2] = {
		{0, period},
		{1, 0},
		{0, 0},
		{HC_CONSOLE_BUDGET_MAX_BYTES + 1ULL, period},
		{1, HC_CONSOLE_PERIOD_MAX_US + 1ULL},
		{(1ULL << 32) | 1, period},
		{1, (1ULL << 32) | 1},
		{1, (1ULL << 63) | 1},
		{UINT64_MAX, UINT64_MAX},
	};

	CHECK_STATUS(set_console_budget(SEL_IRQ, 1, period), CAP_INVALID_CAP);
	CHECK_STATUS(set_console_budget(SEL_CONSOLE, 1, period), CAP_INVALID_CAP);
	CHECK_STATUS(set_console_budget(CONFIG_CAPS_SLOTS_PER_SPACE, 1, period), CAP_INVALID_CAP);
	CHECK_STATUS(set_console_budget((1ULL << 32) | SEL_SELF, 1, period), CAP_INVALID_CAP);
	CHECK_STATUS(set_console_budget(SEL_PEER, 1, period), CAP_DENIED);
	CHECK_STATUS(derive(SEL_SELF, CAP_RIGHT_GRANT, 0, 0), CAP_OK);
	cap_selector self_no_control = (cap_selector)r.x[1];
	CHECK_STATUS(set_console_budget(self_no_control, 1, period), CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_DELETE, self_no_control), CAP_OK);
	for (unsigned i = 0; i < ARRAY_LENGTH(hostile); i++)
		CHECK_STATUS(set_console_budget(SEL_SELF, hostile[i][0], hostile[i][1]),
			     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(set_console_budget(SEL_SELF, HC_CONSOLE_BUDGET_MAX_BYTES, 1), CAP_OK);
	CHECK_STATUS(set_console_budget(SEL_SELF, 1, HC_CONSOLE_PERIOD_MAX_US), CAP_OK);

	CHECK_STATUS(set_console_budget(SEL_SELF, 40, 60000000), CAP_OK);
	console_printf("caps guest: this line is longer than the budget: dropped whole\n");
	console_printf("caps guest: within budget\n");
	console_printf("caps guest: past budget\n");
	CHECK_STATUS(set_console_budget(SEL_SELF, bytes, period), CAP_OK);
}

/* ---- Authority over CPUs, table quotas, stopped partitions (issue 14, items 4, 8, 9) ---- */

static enum cap_status create_vcpu_in(cap_selector partition, uint64_t cpu, uint64_t entry,
				      uint64_t argument, uint64_t sched_context)
{
	return guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE), partition, cpu,
			  entry, argument, sched_context);
}

static enum cap_status create_endpoint(void)
{
	return guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_ENDPOINT_CREATE), SEL_SELF, 0,
			  0, 0, 0);
}

static enum cap_status create_channel(cap_selector first, cap_selector second)
{
	return guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CHANNEL_CREATE), first, second,
			  40, 41, 0);
}

/* The object a capability names (its table entry's number, for a kernel object). */
static uint64_t object_of(cap_selector selector)
{
	CHECK_STATUS(info(selector), CAP_OK);
	return r.x[3];
}

/*
 * Code the peer partition runs on a vCPU of its own, from this image's memory mapped into it at
 * the same addresses (its MMU off, so no stack and no other data). With its own capabilities,
 * control over itself (selector 0) and the sched context this guest passed on (1), it creates an
 * exit endpoint, a vCPU on CPU 2 and a channel between that vCPU and itself, stores the three
 * statuses at x0[0..2] and spins until it is stopped.
 */
extern const uint32_t peer_entry[];
__asm__(".pushsection .text\n"
	".balign 4\n"
	"peer_entry:\n"
	"	mov x19, x0\n"
	"	movz x0, #0x0504\n" /* partition.endpoint_create(0) */
	"	movk x0, #0xc600, lsl #16\n"
	"	mov x1, #0\n"
	"	hvc #0\n"
	"	str x0, [x19]\n"
	"	movz x0, #0x0502\n" /* partition.vcpu_create(0, CPU 2, 0, 0, sched context 1) */
	"	movk x0, #0xc600, lsl #16\n"
	"	mov x1, #0\n"
	"	mov x2, #2\n"
	"	mov x3, #0\n"
	"	mov x4, #0\n"
	"	mov x5, #1\n"
	"	hvc #0\n"
	"	str x0, [x19, #8]\n"
	"	mov x20, x1\n"
	"	movz x0, #0x0506\n" /* partition.channel_create(vCPU, vCPU, 40, 41) */
	"	movk x0, #0xc600, lsl #16\n"
	"	mov x1, x20\n"
	"	mov x2, x20\n"
	"	mov x3, #40\n"
	"	mov x4, #41\n"
	"	hvc #0\n"
	"	str x0, [x19, #16]\n"
	"	dsb sy\n"
	"1:	b 1b\n"
	".popsection\n");
_Static_assert(HC_ID(HC_GROUP_PARTITION, HC_PARTITION_ENDPOINT_CREATE) == 0xc6000504u &&
		       HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE) == 0xc6000502u &&
		       HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CHANNEL_CREATE) == 0xc6000506u,
	       "peer_entry's function ids");

#define PEER_NOT_YET 0x5a5a5a5a5a5a5a5aULL
#define PEER_CALLS 3
/* One cache line, which dc civac makes this guest read afresh. */
static volatile uint64_t peer_status[PEER_CALLS] __attribute__((aligned(64))) = {
	PEER_NOT_YET, PEER_NOT_YET, PEER_NOT_YET};

/* The peer's vCPUs: peer_vcpus[0] on CPU 1 runs peer_entry, [1] on CPU 2 is never started. */
static cap_selector peer_vcpus[2];

/*
 * vcpu_create needs a sched context with CONTROL whose CPUs hold the CPU; a child of one takes a
 * subset of its CPUs and a ceiling no higher, never more.
 */
static void check_sched_context_authority(void)
{
	CHECK_STATUS(info(SEL_SCHED_CONTEXT), CAP_OK);
	CHECK_EQUAL(r.x[1], CAP_TYPE_SCHED_CONTEXT);
	CHECK_EQUAL(r.x[2], CAP_RIGHT_CONTROL | CAP_RIGHT_GRANT);
	CHECK_EQUAL(r.x[3], GUEST_CPUS);
	CHECK_EQUAL(r.x[4], 0);

	/* CPU 3 is online but not this guest's; the others are no sched context with CONTROL. */
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 3, 0, 0, SEL_SCHED_CONTEXT), CAP_DENIED);
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 1, 0, 0, SEL_RAM), CAP_INVALID_CAP);
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 1, 0, 0, 1ULL << 32 | SEL_SCHED_CONTEXT),
		     CAP_INVALID_CAP);
	CHECK_STATUS(derive(SEL_SCHED_CONTEXT, CAP_RIGHT_GRANT, 0, 0), CAP_OK);
	cap_selector no_control = (cap_selector)r.x[1];
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 1, 0, 0, no_control), CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_DELETE, no_control), CAP_OK);

	/* A subset works; a superset, another CPU, a higher ceiling or no CPU does not. */
	CHECK_STATUS(derive(SEL_SCHED_CONTEXT, CAP_RIGHT_CONTROL, 0x2, 0), CAP_OK);
	cap_selector cpu1 = (cap_selector)r.x[1];
	CHECK_STATUS(info(cpu1), CAP_OK);
	CHECK_EQUAL(r.x[3], 0x2);
	CHECK_EQUAL(r.x[5], 1);
	CHECK_STATUS(derive(SEL_SCHED_CONTEXT, CAP_RIGHT_CONTROL, 0xf, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(SEL_SCHED_CONTEXT, CAP_RIGHT_CONTROL, 0x8, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(SEL_SCHED_CONTEXT, CAP_RIGHT_CONTROL, 0x1, 1), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(SEL_SCHED_CONTEXT, CAP_RIGHT_CONTROL, 0, 1), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(derive(cpu1, CAP_RIGHT_CONTROL, 0x4, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 0, 0, 0, cpu1), CAP_DENIED);
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 2, 0, 0, cpu1), CAP_DENIED);
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 1, (uintptr_t)peer_entry,
				    (uintptr_t)peer_status, cpu1),
		     CAP_OK);
	peer_vcpus[0] = (cap_selector)r.x[1];
	CHECK_STATUS(until_done(HC_CAP_DELETE, cpu1), CAP_OK);
}

/*
 * A create that finds the caller's space full fails with NO_MEMORY and takes no table entry: the
 * next one, once there is room, gets the very next entry.
 */
static void check_full_space_takes_no_entry(void)
{
	CHECK_STATUS(create_endpoint(), CAP_OK);
	uint64_t endpoint = object_of((cap_selector)r.x[1]);
	uint64_t vcpu = object_of(peer_vcpus[0]);
	cap_selector filler = 0;

	while (derive(SEL_IRQ, CAP_RIGHT_READ, 0, 0) == CAP_OK)
		filler = (cap_selector)r.x[1];
	CHECK_STATUS(create_endpoint(), CAP_NO_MEMORY);
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 2, 0, 0, SEL_SCHED_CONTEXT), CAP_NO_MEMORY);
	CHECK_STATUS(create_channel(peer_vcpus[0], peer_vcpus[0]), CAP_NO_MEMORY);

	CHECK_STATUS(until_done(HC_CAP_DELETE, filler), CAP_OK);
	CHECK_STATUS(create_endpoint(), CAP_OK);
	CHECK_EQUAL(object_of((cap_selector)r.x[1]), endpoint + 1);
	CHECK_STATUS(until_done(HC_CAP_DELETE, filler - 1), CAP_OK);
	CHECK_STATUS(create_vcpu_in(SEL_PEER_CONTROL, 2, 0, 0, SEL_SCHED_CONTEXT), CAP_OK);
	peer_vcpus[1] = (cap_selector)r.x[1];
	CHECK_EQUAL(object_of(peer_vcpus[1]), vcpu + 1);
	CHECK_STATUS(until_done(HC_CAP_DELETE, filler - 2), CAP_OK);
	CHECK_STATUS(create_channel(peer_vcpus[0], peer_vcpus[1]), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_IRQ), CAP_OK);
}

/*
 * This guest's quota is spent now: the race made two vCPUs, check_irq_needs_control,
 * check_channels_and_dedication and check_resume_abort one each, the second a channel, the third
 * an endpoint, and the two checks above the rest. A quota, not the table: the peer, with a quota
 * of its own, still creates an endpoint.
 */
static void check_quota_exhausted(void)
{
	unsigned extra = 0;

	while (extra < 64 && create_vcpu_in(SEL_SELF, 0, 0, 0, SEL_SCHED_CONTEXT) == CAP_OK)
		extra++;
	CHECK_EQUAL(r.x[0], (uint64_t)(int64_t)CAP_NO_MEMORY);
	CHECK_EQUAL(extra, 0);
	for (extra = 0; extra < 64 && create_endpoint() == CAP_OK;)
		extra++;
	CHECK_EQUAL(r.x[0], (uint64_t)(int64_t)CAP_NO_MEMORY);
	CHECK_EQUAL(extra, 0);
	for (extra = 0; extra < 64 && create_channel(peer_vcpus[0], peer_vcpus[1]) == CAP_OK;)
		extra++;
	CHECK_EQUAL(r.x[0], (uint64_t)(int64_t)CAP_NO_MEMORY);
	CHECK_EQUAL(extra, 0);
}

/* A channel end takes virtual SPIs: it is never dedicated, even alone on its CPU. */
static void check_channel_end_not_dedicated(void)
{
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_DEDICATE), peer_vcpus[1], 0, 0, 0,
				0),
		     CAP_INVALID_ARGUMENT);
}

/*
 * The peer runs peer_entry on CPU 1 (this guest's RAM mapped into it, control over itself and
 * this guest's sched context delegated to it): its endpoint, vCPU and channel come from its own
 * quota, though this guest has spent its own. Then this guest stops it, and a stopped partition
 * stays stopped: its other vCPU can be neither started nor restarted.
 */
static void check_peer_creates_then_stays_stopped(void)
{
	/* Where this guest sees its RAM, so that the peer sees it at the same addresses. */
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), SEL_PEER_CONTROL,
				SEL_RAM, CONFIG_PLATFORM_RAM_BASE, HC_MAP_NORMAL, 0),
		     CAP_OK);
	CHECK_STATUS(delegate(SEL_PEER_CONTROL, SEL_PEER_CONTROL, CAP_RIGHT_CONTROL), CAP_OK);
	CHECK_EQUAL(r.x[1], 0);
	CHECK_STATUS(delegate(SEL_SCHED_CONTEXT, SEL_PEER_CONTROL, CAP_RIGHT_CONTROL), CAP_OK);
	CHECK_EQUAL(r.x[1], 1);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), peer_vcpus[0], 0, 0, 0, 0),
		     CAP_OK);
	/* Its last store shows it has made all three calls; then each status. */
	uint64_t deadline = other_cpu_deadline();
	do
		__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(peer_status) : "memory");
	while (peer_status[PEER_CALLS - 1] == PEER_NOT_YET && gtimer_virtual_counter() < deadline);
	for (unsigned call = 0; call < PEER_CALLS; call++)
		CHECK_EQUAL(peer_status[call], (uint64_t)(int64_t)CAP_OK);

	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_STOP), peer_vcpus[0], 0, 0, 0, 0),
		     CAP_OK);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), peer_vcpus[1], 0, 0, 0, 0),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START_AT), peer_vcpus[1],
				(uintptr_t)peer_entry, (uintptr_t)peer_status, 0, 0),
		     CAP_INVALID_ARGUMENT);
}

static void check_cpu_authority_and_quotas(void)
{
	check_sched_context_authority();
	check_full_space_takes_no_entry();
	check_quota_exhausted();
	check_channel_end_not_dedicated();
	check_peer_creates_then_stays_stopped();
}

/*
 * Partition features with hostile arguments. This partition has its vCPU, so even a valid mask
 * is refused for it, and it keeps the PMU the boot modules give a guest: PMCR_EL0.N still counts
 * its event counters (trapped, it would read 0). The peer space has no vCPU but only GRANT here.
 */
static void check_set_features(void)
{
	const uint32_t set_features = HC_ID(HC_GROUP_PARTITION, HC_PARTITION_SET_FEATURES);
	const uint64_t masks[] = {0, HC_FEATURE_PMU, HC_FEATURES_ALL, HC_FEATURES_ALL + 1, 1ULL << 31,
				  1ULL << 32 | HC_FEATURE_PMU, ~0ULL};
	uint64_t counters = (sysreg_read(pmcr_el0) >> 11) & 0x1f;

	CHECK_EQUAL(counters != 0, 1);
	for (unsigned i = 0; i < ARRAY_LENGTH(masks); i++) {
		CHECK_STATUS(guest_call(&r, set_features, SEL_SELF, masks[i], 0, 0, 0),
			     CAP_INVALID_ARGUMENT);
		CHECK_STATUS(guest_call(&r, set_features, SEL_PEER, masks[i], 0, 0, 0), CAP_DENIED);
	}
	CHECK_STATUS(guest_call(&r, set_features, SEL_RAM, 0, 0, 0, 0), CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, set_features, SEL_CONSOLE, 0, 0, 0, 0), CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, set_features, 1ULL << 32 | SEL_SELF, 0, 0, 0, 0),
		     CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, set_features, CONFIG_CAPS_SLOTS_PER_SPACE, 0, 0, 0, 0),
		     CAP_INVALID_CAP);
	CHECK_STATUS(derive(SEL_SELF, CAP_RIGHT_GRANT, 0, 0), CAP_OK);
	cap_selector without_control = (cap_selector)r.x[1];
	CHECK_STATUS(guest_call(&r, set_features, without_control, 0, 0, 0, 0), CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_DELETE, without_control), CAP_OK);
	CHECK_EQUAL((sysreg_read(pmcr_el0) >> 11) & 0x1f, counters);
}

/* ---- partition.destroy (issue 16, item 0) ---- */

#define DESTROY_ROUNDS 200
#define SPIN_PAGE 21 /* spare page holding spin_instruction, mapped into each round's partition */

static const uint32_t spin_instruction = 0x14000000u; /* b . */

/* partition.destroy until its vCPUs are off their CPUs. */
static enum cap_status destroy(uint64_t partition)
{
	uint64_t deadline = other_cpu_deadline();
	enum cap_status status;

	do
		status = guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_DESTROY), partition, 0,
				    0, 0, 0);
	while (status == CAP_PREEMPTED && gtimer_virtual_counter() < deadline);
	return status;
}

static void check_stats_equal(const uint64_t before[], const uint64_t after[], unsigned round)
{
	for (unsigned i = 1; i <= HC_ARGUMENTS; i++) {
		if (after[i] != before[i]) {
			console_printf("caps guest: round %u: hypervisor.stats x%u differs\n", round,
				       i);
			check(false, "hypervisor.stats after a round of create and destroy", __LINE__,
			      (int64_t)after[i], (int64_t)before[i]);
			return;
		}
	}
	checks_passed++;
}

/*
 * A partition "spinner" with spin_page mapped, its kernel memory spare pages 13..18: its
 * capability space, three tables and two vCPUs (*memory, which the caller deletes once the
 * partition is gone).
 */
static cap_selector create_spinner(cap_selector spin_page, cap_selector *memory)
{
	*memory = pages_of(SEL_SPARE, CAP_RIGHT_CONTROL, 13, CAP_SPACE_PAGES + 5);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CREATE), *memory,
				0x72656e6e697073, 0, 0, 0), /* "spinner" */
		     CAP_OK);
	cap_selector partition = (cap_selector)r.x[1];
	CHECK_STATUS(map(partition, spin_page, 0), CAP_OK);
	return partition;
}

/*
 * One round: a partition from spare pages 13..18 with the spin page mapped at IPA 0, two vCPUs (one
 * spinning on CPU 1) and a channel between them, charged to this guest's quotas, which only the
 * peer's destruction refilled (its endpoint quota stays spent: the peer showed endpoints freed);
 * then destroyed, leaving the counts as they were.
 */
static void create_and_destroy(unsigned round, cap_selector spin_page)
{
	uint64_t before[HC_ARGUMENTS + 1], after[HC_ARGUMENTS + 1];
	cap_selector vcpus[2];

	read_stats(before);
	cap_selector memory;
	cap_selector partition = create_spinner(spin_page, &memory);
	for (unsigned i = 0; i < 2; i++) {
		CHECK_STATUS(create_vcpu_in(partition, 1 + i, 0, 0, SEL_SCHED_CONTEXT), CAP_OK);
		vcpus[i] = (cap_selector)r.x[1];
	}
	CHECK_STATUS(create_channel(vcpus[0], vcpus[1]), CAP_OK);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), vcpus[0], 0, 0, 0, 0),
		     CAP_OK);
	CHECK_STATUS(destroy(partition), CAP_OK);
	CHECK_STATUS(info(vcpus[0]), CAP_INVALID_CAP);
	/* The memory is its donor's again: the capability that donated it goes with this round. */
	CHECK_STATUS(until_done(HC_CAP_DELETE, memory), CAP_OK);
	read_stats(after);
	check_stats_equal(before, after, round);
}

static void check_sched_group(cap_selector spin_page);

static void check_destroy(void)
{
	const uint32_t destroy_id = HC_ID(HC_GROUP_PARTITION, HC_PARTITION_DESTROY);
	uint64_t before[HC_ARGUMENTS + 1], after[HC_ARGUMENTS + 1];

	/* Itself (the root here), a bad selector, a wide one, another type, no CONTROL. */
	CHECK_STATUS(guest_call(&r, destroy_id, SEL_SELF, 0, 0, 0, 0), CAP_DENIED);
	CHECK_STATUS(guest_call(&r, destroy_id, 0xffff, 0, 0, 0, 0), CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, destroy_id, (1ULL << 32) | SEL_PEER_CONTROL, 0, 0, 0, 0),
		     CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, destroy_id, SEL_RAM, 0, 0, 0, 0), CAP_INVALID_CAP);
	CHECK_STATUS(guest_call(&r, destroy_id, SEL_PEER, 0, 0, 0, 0), CAP_DENIED);

	/* The peer, stopped: its vCPUs, endpoint, channels and tables go, and every name of them. */
	read_stats(before);
	cap_selector peer_vcpu = peer_vcpus[0];
	CHECK_STATUS(destroy(SEL_PEER_CONTROL), CAP_OK);
	read_stats(after);
	CHECK_EQUAL(before[1] - after[1], 1);
	CHECK_EQUAL(before[6] - after[6], 1);
	CHECK_EQUAL(before[7] - after[7], BOOT_KERNEL_PAGES);
	CHECK_EQUAL(before[2] - after[2], 3);
	CHECK_EQUAL(before[3] - after[3], 1);
	check(before[4] > after[4], "the peer's channels are freed", __LINE__, (int64_t)after[4],
	      (int64_t)before[4]);
	CHECK_STATUS(info(SEL_PEER), CAP_INVALID_CAP);
	CHECK_STATUS(info(peer_vcpu), CAP_INVALID_CAP);
	CHECK_STATUS(destroy(SEL_PEER_CONTROL), CAP_INVALID_CAP);

	/* The partition quota is spent; destroying gives it back, and the pages undonated. */
	create_from_spare(19, 3, CAP_NO_MEMORY);
	for (unsigned i = 0; i < 2; i++)
		CHECK_STATUS(destroy(quota_partitions[i]), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_SPARE), CAP_OK);

	cap_selector spin_page = pages_of(SEL_SPARE, CAP_RIGHTS_ALL, SPIN_PAGE, 1);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), spin_page, SEL_RAM,
				0, (uintptr_t)&spin_instruction - CONFIG_PLATFORM_RAM_BASE,
				sizeof(spin_instruction)),
		     CAP_OK);
	read_stats(before);
	for (unsigned round = 0; round < DESTROY_ROUNDS; round++)
		create_and_destroy(round, spin_page);
	read_stats(after);
	check_stats_equal(before, after, DESTROY_ROUNDS);
	console_printf("caps guest: %u partitions created and destroyed, counts unchanged: "
		       "%llu partitions, %llu vCPUs, %llu capabilities, %llu donated pages\n",
		       DESTROY_ROUNDS, (unsigned long long)after[1], (unsigned long long)after[2],
		       (unsigned long long)after[5], (unsigned long long)after[7]);
	check_sched_group(spin_page);
	/* The spin page, mapped 200 times, is mapped nowhere now: it may be donated. */
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_SPARE), CAP_OK);
	cap_selector last = create_from_spare(SPIN_PAGE - 2, 3, CAP_OK);
	CHECK_STATUS(destroy(last), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_REVOKE, SEL_SPARE), CAP_OK);
}

/* ---- The sched group (issue 16, item 1) ---- */

static enum cap_status sched_configure(uint64_t vcpu, uint64_t context, uint64_t cpu,
				       uint64_t priority, uint64_t budget_us, uint64_t period_us)
{
	r = (struct hc_registers){.x = {HC_ID(HC_GROUP_SCHED, HC_SCHED_CONFIGURE), vcpu, context,
					cpu, priority, budget_us, period_us}};
	return hvc_call(&r);
}

static enum cap_status sched_call(uint32_t function, uint64_t vcpu)
{
	return guest_call(&r, HC_ID(HC_GROUP_SCHED, function), vcpu, 0, 0, 0, 0);
}

/*
 * sched.info until its x[field] is want, or with at_least until it is want or more: a count
 * may pass want between two looks (another CPU applies what configure and pause ask).
 */
static bool info_becomes(cap_selector vcpu, unsigned field, uint64_t want, bool at_least)
{
	uint64_t deadline = other_cpu_deadline();

	do {
		if (sched_call(HC_SCHED_INFO, vcpu) == CAP_OK &&
		    (r.x[field] == want || (at_least && r.x[field] > want)))
			return true;
	} while (gtimer_virtual_counter() < deadline);
	return false;
}

/* Every sched function with hostile selectors, rights and arguments, each refused as named. */
static void check_sched_arguments(cap_selector vcpu)
{
	const uint32_t functions[] = {HC_SCHED_PAUSE, HC_SCHED_RESUME, HC_SCHED_INFO};

	CHECK_STATUS(sched_configure(0xffff, SEL_SCHED_CONTEXT, 1, 0, 100, 1000), CAP_INVALID_CAP);
	CHECK_STATUS(sched_configure(SEL_RAM, SEL_SCHED_CONTEXT, 1, 0, 100, 1000), CAP_INVALID_CAP);
	CHECK_STATUS(sched_configure(vcpu, SEL_RAM, 1, 0, 100, 1000), CAP_INVALID_CAP);
	CHECK_STATUS(sched_configure(vcpu, 1ULL << 32 | SEL_SCHED_CONTEXT, 1, 0, 100, 1000),
		     CAP_INVALID_CAP);
	for (unsigned i = 0; i < ARRAY_LENGTH(functions); i++) {
		CHECK_STATUS(sched_call(functions[i], 0xffff), CAP_INVALID_CAP);
		CHECK_STATUS(sched_call(functions[i], SEL_SCHED_CONTEXT), CAP_INVALID_CAP);
	}
	/* Rights: CONTROL over both to configure, over the vCPU to pause, READ to look. */
	CHECK_STATUS(derive(SEL_SCHED_CONTEXT, CAP_RIGHT_GRANT, 0, 0), CAP_OK);
	cap_selector no_control = (cap_selector)r.x[1];
	CHECK_STATUS(sched_configure(vcpu, no_control, 1, 0, 100, 1000), CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_DELETE, no_control), CAP_OK);
	CHECK_STATUS(derive(vcpu, CAP_RIGHT_READ, 0, 0), CAP_OK);
	cap_selector read_only = (cap_selector)r.x[1];
	CHECK_STATUS(sched_configure(read_only, SEL_SCHED_CONTEXT, 1, 0, 100, 1000), CAP_DENIED);
	CHECK_STATUS(sched_call(HC_SCHED_PAUSE, read_only), CAP_DENIED);
	CHECK_STATUS(sched_call(HC_SCHED_RESUME, read_only), CAP_DENIED);
	CHECK_STATUS(sched_call(HC_SCHED_INFO, read_only), CAP_OK);
	CHECK_STATUS(until_done(HC_CAP_DELETE, read_only), CAP_OK);
	CHECK_STATUS(derive(vcpu, CAP_RIGHT_CONTROL, 0, 0), CAP_OK);
	cap_selector blind = (cap_selector)r.x[1];
	CHECK_STATUS(sched_call(HC_SCHED_INFO, blind), CAP_DENIED);
	CHECK_STATUS(until_done(HC_CAP_DELETE, blind), CAP_OK);
	/* A CPU outside the context (3) or the machine, a priority above its ceiling (0) or 255. */
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 3, 0, 100, 1000), CAP_DENIED);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 99, 0, 100, 1000),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 1, 1, 100, 1000), CAP_DENIED);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 1, 256, 100, 1000),
		     CAP_INVALID_ARGUMENT);
	/* Absurd budgets and periods. */
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 1, 0, 0, 0), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 1, 0, 0, 1000), CAP_INVALID_ARGUMENT);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 1, 0, 2000, 1000),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 1, 0, HC_SCHED_BUDGET_MIN_US - 1, 1000),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 1, 0, 100,
				     HC_SCHED_PERIOD_MAX_US + 1ULL),
		     CAP_INVALID_ARGUMENT);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 1, 0, 1ULL << 63, UINT64_MAX),
		     CAP_INVALID_ARGUMENT);
	/* Nothing of that changed it. */
	CHECK_STATUS(sched_call(HC_SCHED_INFO, vcpu), CAP_OK);
	CHECK_EQUAL(r.x[1], HC_SCHED_STATE_RUNNABLE);
	CHECK_EQUAL(r.x[2], 1);
	CHECK_EQUAL(r.x[4], 0);
	CHECK_EQUAL(r.x[5], 0);
}

/*
 * A spinning vCPU of a partition of its own: configured onto CPU 2 with 1 ms per 10 ms, the EL2
 * timer throttles it each period; paused, then resumed; destroyed with it.
 */
static void check_sched_group(cap_selector spin_page)
{
	cap_selector memory;
	cap_selector partition = create_spinner(spin_page, &memory);
	CHECK_STATUS(create_vcpu_in(partition, 1, 0, 0, SEL_SCHED_CONTEXT), CAP_OK);
	cap_selector vcpu = (cap_selector)r.x[1];

	check_sched_arguments(vcpu);
	CHECK_STATUS(sched_configure(vcpu, SEL_SCHED_CONTEXT, 2, 0, 1000, 10000), CAP_OK);
	CHECK_STATUS(guest_call(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), vcpu, 0, 0, 0, 0), CAP_OK);
	check(info_becomes(vcpu, 2, 2, false), "sched.info: moved to CPU 2", __LINE__,
	      (int64_t)r.x[2], 2);
	CHECK_EQUAL(r.x[3], 0);
	CHECK_EQUAL(r.x[4], 1000);
	CHECK_EQUAL(r.x[5], 10000);
	check(info_becomes(vcpu, 6, 3, true), "sched.info: throttled three times or more", __LINE__,
	      (int64_t)r.x[6], 3);
	/*
	 * Each throttling spent a whole budget. How late the EL2 timer ends one depends on the
	 * host here, without -icount: no upper bound is checked.
	 */
	check(r.x[7] >= 3000, "sched.info: time consumed", __LINE__, (int64_t)r.x[7], 3000);
	CHECK_STATUS(sched_call(HC_SCHED_PAUSE, vcpu), CAP_OK);
	check(info_becomes(vcpu, 1, HC_SCHED_STATE_PAUSED, false), "sched.info: paused", __LINE__,
	      (int64_t)r.x[1], HC_SCHED_STATE_PAUSED);
	CHECK_STATUS(sched_call(HC_SCHED_RESUME, vcpu), CAP_OK);
	/* Scheduled again at once: runnable, or waiting for its budget. */
	CHECK_STATUS(sched_call(HC_SCHED_INFO, vcpu), CAP_OK);
	check(r.x[1] == HC_SCHED_STATE_RUNNABLE || r.x[1] == HC_SCHED_STATE_THROTTLED,
	      "sched.info: resumed", __LINE__, (int64_t)r.x[1], HC_SCHED_STATE_RUNNABLE);
	CHECK_STATUS(destroy(partition), CAP_OK);
	CHECK_STATUS(sched_call(HC_SCHED_INFO, vcpu), CAP_INVALID_CAP);
	CHECK_STATUS(until_done(HC_CAP_DELETE, memory), CAP_OK);
}

void checks_run(unsigned *passed, unsigned *failed)
{
	check_hypervisor_group();
	check_console_group();
	check_info_of_boot_capabilities();
	check_derive();
	check_delegate_and_revoke();
	check_capacity();
	check_irq_needs_control();
	check_every_selector();
	check_channels_and_dedication();
	check_psci_cpu_on();
	check_set_features();
	check_resume_abort();
	check_cpu_authority_and_quotas();
	check_failed_map_writes_nothing(check_donation());
	check_table_exhaustion();
	check_partition_quota();
	check_console_budget();
	check_destroy();
	*passed = checks_passed;
	*failed = checks_failed;
}
