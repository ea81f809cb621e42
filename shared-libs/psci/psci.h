/* SPDX-License-Identifier: Apache-2.0 */
/*
 * psci: Power State Coordination Interface calls to the firmware below us (Arm DEN0022), made
 * through the conduit the devicetree names: SMC when we run at EL2 (firmware is EL3), HVC when we
 * are an EL1 guest or run bare at EL1 on QEMU without virtualization.
 */
#ifndef PSCI_H
#define PSCI_H

#include <stdint.h>

enum psci_conduit {
	PSCI_CONDUIT_NONE,
	PSCI_CONDUIT_SMC,
	PSCI_CONDUIT_HVC,
};

/* Function IDs, SMC64 where the call passes addresses (DEN0022 5.1). */
#define PSCI_FN_VERSION 0x84000000u
#define PSCI_FN_CPU_OFF 0x84000002u
#define PSCI_FN_CPU_ON 0xc4000003u
#define PSCI_FN_SYSTEM_OFF 0x84000008u
#define PSCI_FN_SYSTEM_RESET 0x84000009u

#define PSCI_VERSION_1_0 0x00010000u

/* Return codes (DEN0022 5.2.2). */
enum psci_status {
	PSCI_SUCCESS = 0,
	PSCI_NOT_SUPPORTED = -1,
	PSCI_INVALID_PARAMETERS = -2,
	PSCI_DENIED = -3,
	PSCI_ALREADY_ON = -4,
	PSCI_ON_PENDING = -5,
	PSCI_INTERNAL_FAILURE = -6,
	PSCI_NOT_PRESENT = -7,
	PSCI_DISABLED = -8,
	PSCI_INVALID_ADDRESS = -9,
};

const char *psci_status_name(enum psci_status status);

void psci_init(enum psci_conduit conduit);
/* Major version in bits 31:16, minor in 15:0; 0 when no conduit is set. */
uint32_t psci_version(void);
/* Starts the CPU with this MPIDR at entry (physical address, at our EL, MMU off), x0 = context. */
enum psci_status psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
/* Return only on failure: the caller decides how to park the CPU then. */
enum psci_status psci_cpu_off(void);
enum psci_status psci_system_off(void);
enum psci_status psci_system_reset(void);

/* The conduit itself: one SMCCC call with up to three arguments, result in x0. */
uint64_t psci_conduit_call(enum psci_conduit conduit, uint32_t function, uint64_t arg0,
			   uint64_t arg1, uint64_t arg2);

#endif
