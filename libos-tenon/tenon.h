/* SPDX-License-Identifier: Apache-2.0 */
/* Tenon's internal interfaces between its parts. */
#ifndef TENON_H
#define TENON_H

#include <stdint.h>

#include "dtb.h"
#include "gicv3.h"

#define TENON_VERSION "0.1.0"

typedef void (*irq_handler)(uint32_t intid);

/* irq.c: one handler per INTID, dispatched from the IRQ vector. */
void irq_init(const struct gicv3 *gic, uintptr_t redistributor);
void irq_register(uint32_t intid, irq_handler handler, uint8_t priority);

/* tick.c: the periodic virtual-timer tick. */
void tick_start(uint32_t timer_intid, unsigned hz);
uint64_t tick_count(void);

/* power.c */
_Noreturn void tenon_power_off(void);

#endif
