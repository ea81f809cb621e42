/* SPDX-License-Identifier: Apache-2.0 */
#include "exception.h"

#include <stddef.h>

#include "array_length.h"
#include "console.h"
#include "cpu.h"


static exception_handler exception_handlers[EXCEPTION_VECTOR_COUNT];

void exception_set_handler(enum exception_vector vector, exception_handler handler)
{
	if ((unsigned)vector < EXCEPTION_VECTOR_COUNT)
		__atomic_store_n(&exception_handlers[vector], handler, __ATOMIC_RELEASE);
}

/* A vector's slot is its origin (Arm ARM D1.10.2) times four plus its kind. */
static const char *const vector_origins[EXCEPTION_VECTOR_COUNT / 4] = {
	"current EL with SP0", "current EL", "lower EL (AArch64)", "lower EL (AArch32)"};
static const char *const vector_kinds[4] = {"synchronous", "IRQ", "FIQ", "SError"};


/* Only on the way to parking a CPU: compiled for size in an image built for speed. */
__attribute__((cold))
void exception_report(const struct trap_frame *frame, enum exception_vector vector)
{
	if ((unsigned)vector < EXCEPTION_VECTOR_COUNT)
		console_printf("\nUnexpected exception on CPU 0x%llx: %s, %s\n",
			       (unsigned long long)cpu_mpidr_affinity(), vector_origins[vector / 4],
			       vector_kinds[vector % 4]);
	else
		console_printf("\nUnexpected exception on CPU 0x%llx: unknown vector\n",
			       (unsigned long long)cpu_mpidr_affinity());
	console_printf("  ESR 0x%016llx: EC 0x%02x", (unsigned long long)frame->esr,
		       esr_class(frame->esr));
#ifdef CONFIG_LIB_EXCEPTION_NAMES
	exception_report_names(frame->esr);
#endif
	console_printf("\n  FAR 0x%016llx  ELR 0x%016llx  SPSR 0x%016llx  SP 0x%016llx\n",
		       (unsigned long long)frame->far, (unsigned long long)frame->elr,
		       (unsigned long long)frame->spsr, (unsigned long long)frame->sp);
	for (unsigned i = 0; i < ARRAY_LENGTH(frame->x); i++)
		console_printf("%s x%-2u 0x%016llx%s", i % 4 == 0 ? " " : "", i,
			       (unsigned long long)frame->x[i],
			       i % 4 == 3 || i == ARRAY_LENGTH(frame->x) - 1 ? "\n" : "");
}

void exception_dispatch(struct trap_frame *frame, uint64_t vector)
{
	exception_handler handler = NULL;

	if (vector < EXCEPTION_VECTOR_COUNT)
		handler = __atomic_load_n(&exception_handlers[vector], __ATOMIC_ACQUIRE);
	if (handler != NULL) {
		handler(frame);
		return;
	}
	exception_report(frame, (enum exception_vector)vector);
	console_printf("CPU 0x%llx parked.\n", (unsigned long long)cpu_mpidr_affinity());
	exception_park_cpu();
}
