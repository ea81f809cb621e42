/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Two Tenon partitions talking over a channel: shared memory plus a doorbell each way
 * (test/channel-guest/channel.dts). The same image runs in every partition of the policy and
 * takes its part from its devicetree:
 *   - the channel's first end (it rings end 1) asks: it writes a sequence number into the
 *     shared memory and rings; the peer's answer must be that number, and come through the
 *     peer's doorbell, ROUNDS times; each ring's hypercall is timed (bench: channel_notify);
 *   - the second end answers until the request is END_OF_REQUESTS, and first says it is ready,
 *     so no ring comes before its handler (it waits as long as it takes for the first request:
 *     a Linux peer asks from its shell);
 *   - a partition without channels is the outsider: it sends SGIs to every CPU, which must reach
 *     no other partition, then reads where the others have the channel and must be stopped by
 *     its stage-2 fault while the two ends go on.
 * Both ends also check that ringing beyond the channel's two ends, or with a capability they do
 * not hold, changes nothing but a status.
 */
#include "tenon.h"

#include "bench.h"
#include "boot.h"
#include "console.h"
#include "hvc.h"

#define ROUNDS 1000u
#define WAIT_NS 5000000000ULL /* 5 s: far beyond any ring, short enough to fail a test */
#define READY_MAGIC 0x7265616479ULL /* "ready" */
#define END_OF_REQUESTS UINT64_MAX
/* Where the root maps a partition's first channel (vmm/root/root.h CHANNEL_WINDOW_IPA). */
#define CHANNEL_WINDOW_IPA 0xc0000000ULL
#define NOT_HELD_OFFSET 64 /* a selector this far above the channel's is none of ours */

/* The shared memory's layout: each side writes only its own words. */
struct exchange {
	uint64_t ready;	  /* the answering side: its doorbell handler is in place */
	uint64_t request; /* the asking side */
	uint64_t reply;	  /* the answering side */
};

static struct tenon_thread main_thread;
static struct tenon_semaphore doorbell;
static uint64_t notify_cycles[ROUNDS];

static void doorbell_rung(uint32_t intid)
{
	(void)intid;
	tenon_sem_give(&doorbell);
}

static enum cap_status ring(uint32_t capability, uint64_t end)
{
	struct hc_registers r;

	return hvc_call_with(&r, HC_ID(HC_GROUP_CHANNEL, HC_CHANNEL_NOTIFY), capability, end, 0, 0,
			     0);
}

static uint64_t load(const uint64_t *word)
{
	return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}

static void store(uint64_t *word, uint64_t value)
{
	__atomic_store_n(word, value, __ATOMIC_RELEASE);
}

static bool wait_for_ready(struct exchange *shared)
{
	for (unsigned waited_ms = 0; load(&shared->ready) != READY_MAGIC; waited_ms++) {
		if (waited_ms == WAIT_NS / 1000000)
			return false;
		tenon_thread_sleep_ns(1000000);
	}
	return true;
}

static bool ask(const struct dtb_channel *channel, struct exchange *shared)
{
	if (!wait_for_ready(shared)) {
		console_printf("channel %s: %s never became ready\n", channel->name, channel->peer);
		return false;
	}
	for (uint64_t round = 1; round <= ROUNDS; round++) {
		store(&shared->request, round);
		uint64_t start = bench_cycles();
		enum cap_status status = ring(channel->capability, channel->peer_end);
		notify_cycles[round - 1] = bench_cycles() - start;
		if (status != CAP_OK || tenon_sem_take(&doorbell, WAIT_NS) != TENON_OK ||
		    load(&shared->reply) != round) {
			console_printf("channel %s: round %llu: ring %s, reply %llu\n", channel->name,
				       (unsigned long long)round, cap_status_name(status),
				       (unsigned long long)load(&shared->reply));
			return false;
		}
	}
	store(&shared->request, END_OF_REQUESTS);
	if (ring(channel->capability, channel->peer_end) != CAP_OK)
		return false;
	console_printf("channel %s: %u requests answered by %s\n", channel->name, ROUNDS,
		       channel->peer);
	bench_report("channel_notify", notify_cycles, ROUNDS);
	return true;
}

static bool answer(const struct dtb_channel *channel, struct exchange *shared)
{
	store(&shared->ready, READY_MAGIC);
	for (uint64_t round = 1;; round++) {
		uint64_t wait = round == 1 ? TENON_WAIT_FOREVER : WAIT_NS;
		uint64_t request = 0;
		if (tenon_sem_take(&doorbell, wait) != TENON_OK ||
		    ((request = load(&shared->request)) != round && request != END_OF_REQUESTS)) {
			console_printf("channel %s: round %llu: request %llu\n", channel->name,
				       (unsigned long long)round, (unsigned long long)request);
			return false;
		}
		if (request == END_OF_REQUESTS) {
			console_printf("channel %s: answered %llu requests from %s\n", channel->name,
				       (unsigned long long)(round - 1), channel->peer);
			return round > 1;
		}
		store(&shared->reply, round);
		enum cap_status status = ring(channel->capability, channel->peer_end);
		if (status != CAP_OK) {
			console_printf("channel %s: ring: %s\n", channel->name,
				       cap_status_name(status));
			return false;
		}
	}
}

/* Bad rings get a status and ring nothing: the peer counts exactly ROUNDS rings. */
static bool bad_rings_are_refused(const struct dtb_channel *channel)
{
	enum cap_status beyond = ring(channel->capability, HC_CHANNEL_ENDS);
	enum cap_status not_held = ring(channel->capability + NOT_HELD_OFFSET, channel->peer_end);
	enum cap_status console = ring(0, channel->peer_end);

	console_printf("channel %s: ring end 2: %s; ring without the capability: %s; ring with the "
		       "console capability: %s\n",
		       channel->name, cap_status_name(beyond), cap_status_name(not_held),
		       cap_status_name(console));
	return beyond == CAP_INVALID_ARGUMENT && not_held == CAP_INVALID_CAP &&
	       console == CAP_INVALID_CAP;
}

/* ICC_SGI1R_EL1 fields (GICv3 12.2.22): INTID, all-but-self routing, Aff0 target list. */
#define SGI1R_INTID_SHIFT 24
#define SGI1R_ROUTE_ALL_BUT_SELF (1ULL << 40)
#define SGI1R_TARGETS_BUT_SELF 0xfffeULL /* Aff0 1..15: this vCPU is Aff0 0 */
#define SGI1R_TARGET_SELF 0x1ULL
#define STRAY_SGI 3ULL
#define MORTISE_KICK_SGI 8ULL

static void send_sgi(uint64_t value)
{
	__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb" : : "r"(value) : "memory");
}

/*
 * Mortise delivers a guest's SGIs to its own partition only, and never its kick SGI: the other
 * partitions, and this one, have no handler for these (the test rejects "has no handler").
 */
static void send_stray_sgis(void)
{
	send_sgi(STRAY_SGI << SGI1R_INTID_SHIFT | SGI1R_ROUTE_ALL_BUT_SELF);
	send_sgi(STRAY_SGI << SGI1R_INTID_SHIFT | SGI1R_TARGETS_BUT_SELF);
	send_sgi(MORTISE_KICK_SGI << SGI1R_INTID_SHIFT | SGI1R_TARGET_SELF);
	send_sgi(MORTISE_KICK_SGI << SGI1R_INTID_SHIFT | SGI1R_ROUTE_ALL_BUT_SELF);
}

static void outsider(void)
{
	console_printf("outsider: SGIs to every CPU\n");
	send_stray_sgis();
	console_printf("outsider: reading the channel window at 0x%llx\n",
		       (unsigned long long)CHANNEL_WINDOW_IPA);
	uint64_t value = load((const uint64_t *)(uintptr_t)CHANNEL_WINDOW_IPA);
	console_printf("outsider: read 0x%llx where nothing of mine is: isolation broken\n",
		       (unsigned long long)value);
}

void image_main(const void *dtb)
{
	static struct dtb_channels channels;
	struct dtb_diagnostic diagnostic;

	platform_start(dtb, &main_thread, CONFIG_TENON_PRIORITIES / 2);
	if (dtb_read_channels(dtb, &channels, &diagnostic) != DTB_OK) {
		console_printf("channels: %s at %s %s: expected %s\n",
			       dtb_status_name(diagnostic.status), diagnostic.node,
			       diagnostic.property, diagnostic.expected);
		tenon_power_off();
	}
	if (channels.count == 0) {
		outsider();
		tenon_power_off();
	}
	const struct dtb_channel *channel = &channels.channel[0];
	if (channel->peer == NULL || channel->doorbell_intid == 0 || !channel->has_capability ||
	    channel->memory.size < sizeof(struct exchange)) {
		console_printf("channel %s: not an end with a doorbell\n", channel->name);
		tenon_power_off();
	}
	console_printf("channel %s: %llu KiB at 0x%llx shared with %s, doorbell INTID %u\n",
		       channel->name, (unsigned long long)(channel->memory.size >> 10),
		       (unsigned long long)channel->memory.base, channel->peer,
		       channel->doorbell_intid);
	tenon_sem_init(&doorbell, 0, ROUNDS + 1);
	irq_register(channel->doorbell_intid, doorbell_rung, 0);
	bench_counter_start();

	struct exchange *shared = (struct exchange *)(uintptr_t)channel->memory.base;
	bool asking = channel->peer_end == 1;
	bool passed = bad_rings_are_refused(channel) &&
		      (asking ? ask(channel, shared) : answer(channel, shared));
	console_printf("channel %s: %s\n", channel->name, passed ? "PASS" : "FAIL");
	tenon_power_off();
}
