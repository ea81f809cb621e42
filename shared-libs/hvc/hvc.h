/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hvc: a guest's side of the Mortise hypercall ABI (caps.h): the call itself and a console that
 * writes through the console capability.
 */
#ifndef HVC_H
#define HVC_H

#include <stddef.h>
#include <stdint.h>

#include "caps.h"

/* x[0] = function id and x[1..7] = arguments in; x[0] = status and x[1..7] = results out. */
enum cap_status hvc_call(struct hc_registers *registers);
/* The same with the function id and x1..x5 given as arguments; x6 and x7 are 0. */
enum cap_status hvc_call_with(struct hc_registers *registers, uint32_t function, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* A console_write_fn (console.h): device points at the console capability's selector. */
size_t hvc_console_write(void *device, const char *text, size_t length);

#endif
