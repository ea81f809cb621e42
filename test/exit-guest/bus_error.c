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
#define SPSR_EL1H 0x5ULL
#define DAIF_ALL_MASKED 0x3c0ULL
#define A64_INSTRUCTION_SIZE 4

struct abort_seen {
	bool taken;
	uint64_t esr, far, elr, spsr, daif;
};

static volatile struct abort_seen seen;

static void on_sync(struct trap_frame *frame)
{
	if (esr_class(frame->esr) != ESR_EC_DABT_SAME || seen.taken) {
		exception_report(frame, EXCEPTION_CURRENT_SPX_SYNC);
		exception_park_cpu();
	}
	seen.taken = true;
	seen.esr = frame->esr;
	seen.far = frame->far;
	seen.elr = frame->elr;
	seen.spsr = frame->spsr;
	seen.daif = sysreg_read(daif);
	frame->elr += A64_INSTRUCTION_SIZE;
}

/* The access, and where its instruction is: the abort's ELR must name it. */
static uint64_t access_device(uint64_t address, bool write)
{
	uint64_t at, value = 0;

	if (write)
		__asm__ volatile("adr %0, 1f\n1: str %w2, [%1]"
				 : "=&r"(at)
				 : "r"(address), "r"(value)
				 : "memory");
	else
		__asm__ volatile("adr %1, 1f\n1: ldr %w0, [%2]"
				 : "=&r"(value), "=&r"(at)
				 : "r"(address)
				 : "memory");
	return at;
}

static const char *verdict(bool ok)
{
	return ok ? "as expected" : "WRONG";
}

static void check_access(uint64_t address, bool write)
{
	uint64_t daif_before = sysreg_read(daif);

	seen.taken = false;
	uint64_t at = access_device(address, write);
	uint64_t want_esr = ESR_EXTERNAL_ABORT_EL1 | (write ? ESR_WNR : 0);
	if (!seen.taken) {
		console_printf("bus error: %s at 0x%llx went through without an abort\n",
			       write ? "store" : "load", (unsigned long long)address);
		return;
	}
	console_printf("bus error: %s ESR 0x%llx FAR 0x%llx; ELR %s, SPSR %s, DAIF %s; returned "
		       "past it\n",
		       write ? "store" : "load", (unsigned long long)seen.esr,
		       (unsigned long long)seen.far, verdict(seen.elr == at),
		       verdict((seen.spsr & SPSR_MODE_AND_DAIF) == (daif_before | SPSR_EL1H)),
		       verdict(seen.daif == DAIF_ALL_MASKED));
	if (seen.esr != want_esr || seen.far != address)
		console_printf("bus error: WRONG syndrome, want ESR 0x%llx FAR 0x%llx\n",
			       (unsigned long long)want_esr, (unsigned long long)address);
}

void bus_error_check(void)
{
	exception_set_handler(EXCEPTION_CURRENT_SPX_SYNC, on_sync);
	check_access(UNEMULATED_DEVICE, false);
	check_access(UNEMULATED_DEVICE + 4, true);
	exception_set_handler(EXCEPTION_CURRENT_SPX_SYNC, NULL);
}
