/* SPDX-License-Identifier: Apache-2.0 */
#ifndef EXIT_GUEST_BUS_ERROR_H
#define EXIT_GUEST_BUS_ERROR_H

/*
 * A load and a store to a device address its VMM does not emulate: each must arrive at this
 * guest's own EL1 vector as a synchronous external data abort, as a bus error would on a board,
 * and return past the access. Prints one line per access with what the vector saw.
 */
void bus_error_check(void);

#endif
