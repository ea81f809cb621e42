/* SPDX-License-Identifier: Apache-2.0 */
#include "bus_error.h"

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "cpu.h"
#include "exception.h"

/*
 * In the platform's device space below RAM, where QEMU virt has nothing (the GICv2 CPU
 * interface frame, unused with a GICv3), and which the exit VMM does not emulate.
 */
#define UNEMULATED_DEVICE 0x08010000ULL

/*
 * What a synchronous external abort on a data access from EL1 carries (Arm ARM D17.2.37): EC
 * 0x25 (same EL), IL (a 32-bit instruction), DFSC 0x10; WnR (bit 6) for a store.
 */
#define ESR_EXTERNAL_ABORT_EL1 0x96000010ULL
#define ESR_WNR (1ULL << 6)
/* SPSR M[4:0] and D, A, I, F (Arm ARM C5.2.18). */
#define SPSR_MODE_AND_DAIF 0x3dfULL
#define SPSR_EL1T 0x4ULL
#define SPSR_EL1H 0x5ULL
#define DAIF_ALL_MASKED 0x3c0ULL
#define A64_INSTRUCTION_SIZE 4

/* How the access is made: the abort's vector and saved PSTATE follow from it (Arm ARM D1.10.2). */
enum access {
	LOAD,
	STORE,
	LOAD_ON_SP_EL0, /* at EL1 with SP_EL0 selected (EL1t) */
};

struct abort_seen {
	bool taken;
	enum exception_vector vector;
	uint64_t esr, far, elr, spsr, daif;
};

static volatile struct abort_seen seen;

static void record(struct trap_frame *frame, enum exception_vector vector)
{
	if (esr_class(frame->esr) != ESR_EC_DABT_SAME || seen.taken) {
		exception_report(frame, vector);
		exception_park_cpu();
	}
	seen.taken = true;
	seen.vector = vector;
	seen.esr = frame->esr;
	seen.far = frame->far;
	seen.elr = frame->elr;
	seen.spsr = frame->spsr;
	seen.daif = sysreg_read(daif);
	frame->elr += A64_INSTRUCTION_SIZE;
}

static void on_sync_sp_elx(struct trap_frame *frame)
{
	record(frame, EXCEPTION_CURRENT_SPX_SYNC);
}

static void on_sync_sp_el0(struct trap_frame *frame)
{
	record(frame, EXCEPTION_CURRENT_SP0_SYNC);
}

/*
 * The access, and where its instruction is: the abort's ELR must name it. On SP_EL0 nothing
 * touches the stack between the two SPSel writes, so SP_EL0's value does not matter; the
 * exception itself runs on SP_EL1.
 */
static uint64_t access_device(uint64_t address, enum access access)
{
	uint64_t at, value = 0;

	if (access == STORE)
		__asm__ volatile("adr %0, 1f\n1: str %w2, [%1]"
				 : "=&r"(at)
				 : "r"(address), "r"(value)
				 : "memory");
	else if (access == LOAD)
		__asm__ volatile("adr %1, 1f\n1: ldr %w0, [%2]"
				 : "=&r"(value), "=&r"(at)
				 : "r"(address)
				 : "memory");
	else
		__asm__ volatile("adr %1, 1f\nmsr spsel, #0\n1: ldr %w0, [%2]\nmsr spsel, #1"
				 : "=&r"(value), "=&r"(at)
				 : "r"(address)
				 : "memory");
	return at;
}

static const char *verdict(bool ok)
{
	return ok ? "ok" : "WRONG";
}

static void check_access(uint64_t address, enum access access)
{
	static const char *const names[] = {"load", "store", "load on SP_EL0"};
	uint64_t daif_before = sysreg_read(daif);
	bool on_sp_el0 = access == LOAD_ON_SP_EL0;

	seen.taken = false;
	uint64_t at = access_device(address, access);
	uint64_t want_esr = ESR_EXTERNAL_ABORT_EL1 | (access == STORE ? ESR_WNR : 0);
	uint64_t want_spsr = daif_before | (on_sp_el0 ? SPSR_EL1T : SPSR_EL1H);
	enum exception_vector want_vector =
		on_sp_el0 ? EXCEPTION_CURRENT_SP0_SYNC : EXCEPTION_CURRENT_SPX_SYNC;
	if (!seen.taken) {
		console_printf("bus error: %s at 0x%llx went through without an abort\n",
			       names[access], (unsigned long long)address);
		return;
	}
	/* One line within the exit VMM's 120 characters. */
	console_printf("bus error: %s ESR 0x%llx FAR 0x%llx: vector %s ELR %s SPSR %s DAIF %s, "
		       "returned\n",
		       names[access], (unsigned long long)seen.esr, (unsigned long long)seen.far,
		       verdict(seen.vector == want_vector), verdict(seen.elr == at),
		       verdict((seen.spsr & SPSR_MODE_AND_DAIF) == want_spsr),
		       verdict(seen.daif == DAIF_ALL_MASKED));
	if (seen.esr != want_esr || seen.far != address)
		console_printf("bus error: WRONG syndrome, want ESR 0x%llx FAR 0x%llx\n",
			       (unsigned long long)want_esr, (unsigned long long)address);
}

void bus_error_check(void)
{
	exception_set_handler(EXCEPTION_CURRENT_SPX_SYNC, on_sync_sp_elx);
	exception_set_handler(EXCEPTION_CURRENT_SP0_SYNC, on_sync_sp_el0);
	check_access(UNEMULATED_DEVICE, LOAD);
	check_access(UNEMULATED_DEVICE + 4, STORE);
	check_access(UNEMULATED_DEVICE + 8, LOAD_ON_SP_EL0);
	exception_set_handler(EXCEPTION_CURRENT_SPX_SYNC, NULL);
	exception_set_handler(EXCEPTION_CURRENT_SP0_SYNC, NULL);
}
