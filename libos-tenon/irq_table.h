/* SPDX-License-Identifier: Apache-2.0 */
/* The size of irq.c's handler table, shared with the IRQ entry's assembly (arch/aarch64/vectors.S). */
#ifndef TENON_IRQ_TABLE_H
#define TENON_IRQ_TABLE_H

/* SGIs, PPIs and the SPIs of a small machine; INTIDs beyond are refused at registration. */
#define IRQ_HANDLER_SLOTS 256

#endif
