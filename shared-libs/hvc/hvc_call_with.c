/* SPDX-License-Identifier: Apache-2.0 */
#include "hvc.h"

enum cap_status hvc_call_with(struct hc_registers *registers, uint32_t function, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	*registers = (struct hc_registers){.x = {function, a1, a2, a3, a4, a5}};
	return hvc_call(registers);
}
