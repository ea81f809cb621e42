/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every hypercall with valid and invalid selectors, types and rights, each status checked. Starts
 * from the boot capabilities of guest.h and leaves them as it found them.
 */
#include "guest.h"

#include "console.h"
#include "cpu.h"
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

static void check_hypervisor_group(void)
{
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
	CHECK_EQUAL(count, CONFIG_CAPS_SLOTS_PER_SPACE - 5);
	CHECK_EQUAL(first, 5);
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
 * No selector value reaches anything but the five boot capabilities: every value in range and
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
	CHECK_EQUAL(reachable, 5);
	CHECK_EQUAL(refused, CONFIG_CAPS_SLOTS_PER_SPACE + 1024 - 5);
	for (unsigned i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
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
				0, 0, 0),
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

	for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		guest_call(&r, PSCI_FN_CPU_ON, targets[i], 0x40000000, 0, 0, 0);
		CHECK_EQUAL(r.x[0], want[i]);
	}
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
	for (unsigned i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
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
	*passed = checks_passed;
	*failed = checks_failed;
}
