/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hostile guest: issue 14's attacker as a test. One boot module with the fixed boot
 * capabilities (../caps-guest/guest.h), its first vCPU on CPU HOSTILE_FIRST_CPU; it adds vCPUs on
 * the next two CPUs and attacks Mortise from all three at once, beside a heartbeat partition on
 * HEARTBEAT_CPU that must keep its period (test/heartbeat-guest).
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stdint.h>

#include "caps.h"
#include "guest.h"
#include "heartbeat.h" /* its CPU: the hostile guest was never given it */
#include "hostile_budget.h"

#define HOSTILE_WORKERS 3
#define HOSTILE_FIRST_CPU 0
#define PAGE_SIZE 0x1000ULL
/* The doorbell INTIDs of the channels it makes (each end's own), SPIs no device uses. */
#define DOORBELL_FIRST 40
#define DOORBELL_SECOND 41

/*
 * The partition's 16 MiB of RAM at RAM_IPA: the image and its stacks in the first half, the rest
 * is scratch that copies and mappings may change: per worker a copy area, then pages to map.
 */
#define RAM_IPA 0x40000000ULL
#define SCRATCH_OFFSET (8ULL << 20)
#define COPY_AREA_SIZE (1ULL << 20)
#define MAP_PAGES_OFFSET (SCRATCH_OFFSET + HOSTILE_WORKERS * COPY_AREA_SIZE)
/* The derive/delete race: each worker derives from its own MiB of the RAM capability. */
#define RACE_OFFSET (12ULL << 20)
#define RACE_SPAN (1ULL << 20)

/* Capabilities each worker derives from the boot ones, with rights that keep the test alive. */
enum sandbox_root {
	ROOT_SCRATCH,  /* its copy area, read and write: copies land only there */
	ROOT_RAM_READ, /* all RAM, read only */
	ROOT_CONSOLE,  /* console without write: no garbage on the console */
	ROOT_IRQ,
	ROOT_PEER,     /* a partition it may only grant to */
	ROOT_VCPU,     /* a vCPU without control: nothing stops or starts it */
	ROOT_CHANNEL,  /* a channel it may ring (a vCPU that never runs takes the doorbell) */
	ROOT_ENDPOINT, /* an endpoint without read: endpoint.wait never blocks a worker */
	SANDBOX_ROOTS,
};

struct worker {
	unsigned index;
	uint64_t random_state;
	cap_selector roots[SANDBOX_ROOTS];
	uint64_t calls, race_rounds, race_refusals, sgis, wfis;
	volatile bool done;
};

/* Objects the main vCPU makes before the attack, for the sandboxes. */
struct shared_objects {
	uint64_t ram_base; /* physical address of this partition's RAM */
	cap_selector vcpu, channel, endpoint;
};
extern struct shared_objects shared;
extern struct worker workers[HOSTILE_WORKERS];

/* calls.c */
enum cap_status call(struct hc_registers *registers, uint64_t function, uint64_t a1, uint64_t a2,
		     uint64_t a3, uint64_t a4, uint64_t a5);
enum cap_status derive(cap_selector selector, cap_rights rights, uint64_t offset, uint64_t size,
		       cap_selector *derived);
enum cap_status delete_fully(cap_selector selector);
enum cap_status revoke_fully(cap_selector selector);
enum cap_status info(uint64_t selector, struct cap_info *result);
cap_selector derive_held(cap_rights rights, uint64_t offset, uint64_t size);
bool status_is_defined(int64_t status);

/* verdict.c: every broken rule is counted and the first few are printed. */
#define OWNER_NONE 0
#define OWNER_MAIN (HOSTILE_WORKERS + 1)
void mismatch(const char *format, ...) __attribute__((format(printf, 1, 2)));
unsigned mismatches(void);
/* Who holds each selector: a slot handed to two holders at once is a mismatch. */
void selector_claim(cap_selector selector, unsigned owner);
void selector_release(cap_selector selector, unsigned owner);
unsigned selector_owner(cap_selector selector);

/* random.c */
uint64_t random_next(struct worker *worker);
void random_call(struct worker *worker);

/* sandbox.c */
void sandbox_open(struct worker *worker);
void sandbox_rederive(struct worker *worker, enum sandbox_root root);
bool sandbox_root_of(const struct worker *worker, uint64_t selector, enum sandbox_root *root);
void sandbox_close(struct worker *worker);

/* race.c */
void race_round(struct worker *worker);
void final_consistency_check(void);

/* storms.c: SGIs to every target, WFI with a short timer, taking what arrived. */
void interrupts_init(void);
void sgi_storm(struct worker *worker);
void wfi_storm(struct worker *worker);
void drain_interrupts(void);
void sleep_ticks(uint64_t ticks);

/* ipa_scan.c and exhaust.c: the main vCPU, before the workers start. */
void ipa_scan(void);
void exhaust_tables(void);

/* worker.c */
void worker_run(struct worker *worker);
_Noreturn void hostile_park(void);
/* arch/aarch64/worker_entry.S */
void hostile_worker_entry(void);
void hostile_idle_entry(void);

#endif
