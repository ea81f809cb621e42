/* SPDX-License-Identifier: Apache-2.0 */
#include "vgic_mmio.h"

static const char *const status_names[VGIC_MMIO_STATUS_COUNT] = {
	"VGIC_MMIO_OK",		  "VGIC_MMIO_BAD_SIZE",	    "VGIC_MMIO_OUT_OF_RANGE",
	"VGIC_MMIO_BAD_VCPU",	  "VGIC_MMIO_BAD_ARGUMENT", "VGIC_MMIO_BAD_INTID",
};

const char *vgic_mmio_status_name(enum vgic_mmio_status status)
{
	return (unsigned)status < VGIC_MMIO_STATUS_COUNT ? status_names[status]
							 : "VGIC_MMIO_UNKNOWN_STATUS";
}
