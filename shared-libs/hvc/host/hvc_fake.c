/* SPDX-License-Identifier: Apache-2.0 */
/* Host stand-in for Mortise: the test installs the function that answers each call. */
#include "hvc.h"
#include "hvc_fake.h"

enum cap_status (*hvc_fake_answer)(struct hc_registers *registers);

enum cap_status hvc_call(struct hc_registers *registers)
{
	enum cap_status status = hvc_fake_answer(registers);

	registers->x[0] = (uint64_t)(int64_t)status;
	return status;
}
