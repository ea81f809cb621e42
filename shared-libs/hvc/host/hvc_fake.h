/* SPDX-License-Identifier: Apache-2.0 */
#ifndef HVC_HOST_HVC_FAKE_H
#define HVC_HOST_HVC_FAKE_H

#include "hvc.h"

extern enum cap_status (*hvc_fake_answer)(struct hc_registers *registers);

#endif
