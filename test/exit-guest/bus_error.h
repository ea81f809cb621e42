/* SPDX-License-Identifier: Apache-2.0 */
#ifndef EXIT_GUEST_BUS_ERROR_H
#define EXIT_GUEST_BUS_ERROR_H

/*
 * A load and a store to a device address its VMM does not emulate, and a load with SP_EL0
 * selected: each must arrive at this guest's own EL1 vector for it (current EL with SP_ELx, or
 * with SP_EL0) as a synchronous external data abort, as a bus error would on a board, and
 * return past the access. Prints one line per access with what the vector saw.
 */
void bus_error_check(void);

#endif
