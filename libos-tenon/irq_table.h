/* SPDX-License-Identifier: Apache-2.0 */
/* The size of irq.c's handler table, shared with the IRQ entry's assembly (arch/aarch64/vectors.S). */
#ifndef TENON_IRQ_TABLE_H
#define TENON_IRQ_TABLE_H

/*
 * A slot for every INTID an acknowledge returns while LPIs and the GICv3.1 extended ranges are
 * off, as Tenon leaves them: SGIs, PPIs, SPIs up to 1019 and the special INTIDs 1020..1023
 * (GICv3 spec IHI 0069, 2.2). A power of two, so that the IRQ entry bounds the index with one
 * mask; an INTID beyond would alias, and still never leave the table.
 */
#define IRQ_HANDLER_SLOTS 1024
/* The first special INTID: slots from here on hold irq_spurious and cannot be registered. */
#define IRQ_FIRST_SPECIAL 1020

#endif
