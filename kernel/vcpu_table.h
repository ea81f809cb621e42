/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The table of vCPUs by number, shared by vcpu.c (which reads it) and vcpu_lifecycle.c (which
 * writes it, and says under which lock): internal to those two files.
 */
#ifndef KERNEL_VCPU_TABLE_H
#define KERNEL_VCPU_TABLE_H

#include "vcpu.h"

extern struct vcpu *vcpus[CONFIG_MORTISE_MAX_VCPUS];
extern unsigned vcpus_live;

#endif
