/* SPDX-License-Identifier: Apache-2.0 */
/* Names of exception classes and fault status codes (CONFIG_LIB_EXCEPTION_NAMES). */
#include "exception.h"

#include <stdbool.h>
#include <stddef.h>

#include "array_length.h"
#include "console.h"

/* The classes with a name, in a list rather than a table of 64 pointers, mostly empty. */
static const struct {
	uint8_t exception_class;
	char name[39];
} class_names[] = {
	{0x00, "unknown reason (undefined instruction)"},
	{0x01, "WFI/WFE trapped"},
	{0x07, "SVE/SIMD/FP access trapped"},
	{0x0e, "illegal execution state"},
	{0x15, "SVC from AArch64"},
	{0x16, "HVC from AArch64"},
	{0x17, "SMC from AArch64"},
	{0x18, "MSR/MRS/system instruction trapped"},
	{0x19, "SVE access trapped"},
	{0x1c, "pointer authentication failure"},
	{0x20, "instruction abort from a lower EL"},
	{0x21, "instruction abort from the same EL"},
	{0x22, "PC alignment fault"},
	{0x24, "data abort from a lower EL"},
	{0x25, "data abort from the same EL"},
	{0x26, "SP alignment fault"},
	{0x2f, "SError interrupt"},
	{0x30, "breakpoint from a lower EL"},
	{0x31, "breakpoint from the same EL"},
	{0x32, "software step from a lower EL"},
	{0x33, "software step from the same EL"},
	{0x34, "watchpoint from a lower EL"},
	{0x35, "watchpoint from the same EL"},
	{0x3c, "BRK instruction"},
};

const char *exception_class_name(uint32_t exception_class)
{
	for (size_t i = 0; i < ARRAY_LENGTH(class_names); i++)
		if (class_names[i].exception_class == exception_class)
			return class_names[i].name;
	return "reserved or unhandled class";
}

/*
 * Fault status codes, ESR_ELx.ISS.{I,D}FSC (Arm ARM D17.2.37, ISS encoding for aborts): 0x00 to
 * 0x0f are four kinds of fault at levels 0 to 3, each one's name in place.
 */
static const char level_fault_names[16][28] = {
	"address size fault, level 0", "address size fault, level 1",
	"address size fault, level 2", "address size fault, level 3",
	"translation fault, level 0",  "translation fault, level 1",
	"translation fault, level 2",  "translation fault, level 3",
	"",			       "access flag fault, level 1",
	"access flag fault, level 2",  "access flag fault, level 3",
	"",			       "permission fault, level 1",
	"permission fault, level 2",   "permission fault, level 3",
};

const char *exception_fault_name(uint64_t esr)
{
	uint32_t exception_class = esr_class(esr);
	unsigned status = esr & 0x3f;

	if (exception_class != ESR_EC_IABT_LOWER && exception_class != ESR_EC_IABT_SAME &&
	    exception_class != ESR_EC_DABT_LOWER && exception_class != ESR_EC_DABT_SAME)
		return NULL;
	if (status < ARRAY_LENGTH(level_fault_names) && level_fault_names[status][0] != '\0')
		return level_fault_names[status];
	switch (status) {
	case 0x10:
		return "synchronous external abort";
	case 0x21:
		return "alignment fault";
	case 0x30:
		return "TLB conflict abort";
	default:
		return "other fault status";
	}
}

void exception_report_names(uint64_t esr)
{
	uint32_t exception_class = esr_class(esr);
	const char *fault = exception_fault_name(esr);
	bool is_data_abort =
		exception_class == ESR_EC_DABT_LOWER || exception_class == ESR_EC_DABT_SAME;

	console_printf(" %s", exception_class_name(exception_class));
	if (fault != NULL)
		console_printf(", %s%s", is_data_abort && (esr & (1u << 6)) ? "write, " :
					 is_data_abort ? "read, " : "", fault);
}
