/* SPDX-License-Identifier: Apache-2.0 */
#include "vgic.h"

#include "gicv3.h"
#include "machine.h"

/* ICH_HCR_EL2 (IHI 0069, 12.4.8): En, the virtual CPU interface is on; UIE, underflow. */
#define ICH_HCR_EN 1u
#define ICH_HCR_UIE (1u << 1)
#define LR_STATE_PENDING (1ULL << LR_STATE_PENDING_SHIFT)
#define LR_STATE_MASK (3ULL << LR_STATE_PENDING_SHIFT)
#define LR_HW (1ULL << LR_HW_SHIFT)
#define LR_GROUP1 (1ULL << LR_GROUP1_SHIFT)
#define LR_PHYSICAL_MASK 0x1fffu
#define LR_VIRTUAL_MASK 0xffffffffULL

static unsigned list_registers(void)
{
	return (unsigned)(sysreg_read(ich_vtr_el2) & 0x1f) + 1;
}

/*
 * The implemented list registers as a mask (ICH_VTR_EL2.ListRegs): the same on every CPU, each
 * CPU's init writes the same value. ICH_ELRSR_EL2 reads 0 for the others (RES0).
 */
static uint64_t implemented_lrs;

/* List registers are separate system registers: the index must become a register name. */
#define LR_READ(n)                                                                                \
	case n:                                                                                   \
		return sysreg_read(ich_lr##n##_el2)
#define LR_WRITE(n)                                                                               \
	case n:                                                                                   \
		sysreg_write(ich_lr##n##_el2, value);                                             \
		break

static uint64_t lr_read(unsigned index)
{
	switch (index) {
		LR_READ(0); LR_READ(1); LR_READ(2); LR_READ(3);
		LR_READ(4); LR_READ(5); LR_READ(6); LR_READ(7);
		LR_READ(8); LR_READ(9); LR_READ(10); LR_READ(11);
		LR_READ(12); LR_READ(13); LR_READ(14); LR_READ(15);
	}
	return 0;
}

static void lr_write(unsigned index, uint64_t value)
{
	switch (index) {
		LR_WRITE(0); LR_WRITE(1); LR_WRITE(2); LR_WRITE(3);
		LR_WRITE(4); LR_WRITE(5); LR_WRITE(6); LR_WRITE(7);
		LR_WRITE(8); LR_WRITE(9); LR_WRITE(10); LR_WRITE(11);
		LR_WRITE(12); LR_WRITE(13); LR_WRITE(14); LR_WRITE(15);
	}
}

/*
 * The list registers start empty: their reset value is UNKNOWN (IHI 0069, 12.4.14), and
 * vgic_restore writes only those a vCPU uses, over the ones vgic_save emptied.
 */
__attribute__((cold))
void vgic_init_cpu(void)
{
	implemented_lrs = (1ULL << list_registers()) - 1;
	for (unsigned i = 0; i < list_registers(); i++)
		lr_write(i, 0);
	gicv3_split_priority_drop(true);
	sysreg_write(ich_hcr_el2, ICH_HCR_EN);
	barrier_instruction();
}

/*
 * The list registers that hold an interrupt (pending, active or both), as a mask: the others read
 * 1 in ICH_ELRSR_EL2 (Mortise never sets an LR's EOI bit, so an empty LR is always "empty").
 */
static uint64_t lrs_in_use(void)
{
	return ~sysreg_read(ich_elrsr_el2) & implemented_lrs;
}

/*
 * Reads only the list registers in use, usually none or one, and empties them in the hardware:
 * vgic_restore then writes only the next vCPU's, with nothing of this one's left behind. The
 * underflow interrupt goes too: it was asked for this vCPU's waiting interrupts.
 */
void vgic_save(struct vgic_state *state)
{
	sysreg_write(ich_hcr_el2, ICH_HCR_EN);
	state->in_use = lrs_in_use();
	for (uint64_t used = state->in_use; used != 0; used &= used - 1) {
		unsigned i = (unsigned)__builtin_ctzll(used);
		state->lr[i] = lr_read(i);
		lr_write(i, 0);
	}
	state->vmcr = sysreg_read(ich_vmcr_el2);
	state->ap0r0 = sysreg_read(ich_ap0r0_el2);
	state->ap1r0 = sysreg_read(ich_ap1r0_el2);
}

/* Onto list registers vgic_save left empty (or that the CPU's reset did). */
void vgic_restore_listed(struct vgic_state *state)
{
	for (uint64_t used = state->in_use; used != 0; used &= used - 1) {
		unsigned i = (unsigned)__builtin_ctzll(used);
		lr_write(i, state->lr[i]);
	}
	if (state->private_active != 0) {
		gicv3_private_set_active(cpu_this()->arch.redistributor, state->private_active);
		state->private_active = 0;
	}
}

/*
 * Two list registers must never hold the same virtual INTID (IHI 0069, 4.7.2): an interrupt that
 * is already pending stays so, one the guest is handling becomes active and pending again.
 */
static bool vgic_inject(uint64_t lr_value)
{
	uint64_t used = lrs_in_use();

	for (uint64_t left = used; left != 0; left &= left - 1) {
		unsigned i = (unsigned)__builtin_ctzll(left);
		uint64_t lr = lr_read(i);
		if ((lr & LR_VIRTUAL_MASK) != (lr_value & LR_VIRTUAL_MASK))
			continue;
		lr_write(i, lr | LR_STATE_PENDING);
		return true;
	}
	uint64_t free = ~used & implemented_lrs;
	if (free == 0)
		return false;
	lr_write((unsigned)__builtin_ctzll(free), lr_value);
	return true;
}

bool vgic_inject_hardware(uint32_t intid, uint8_t priority)
{
	return vgic_inject(vgic_hardware_lr(intid, priority));
}

bool vgic_list_loaded(const struct vgic_state *state, uint64_t lr)
{
	for (uint64_t used = state->in_use; used != 0; used &= used - 1) {
		if (((state->lr[__builtin_ctzll(used)] ^ lr) & LR_VIRTUAL_MASK) == 0)
			return false;
	}
	uint64_t free = ~state->in_use & implemented_lrs;
	if (free == 0)
		return false;
	lr_write((unsigned)__builtin_ctzll(free), lr);
	return true;
}

void vgic_set_underflow_interrupt(bool enabled)
{
	sysreg_write(ich_hcr_el2, enabled ? ICH_HCR_EN | ICH_HCR_UIE : ICH_HCR_EN);
}

bool vgic_has_pending(void)
{
	for (uint64_t used = lrs_in_use(); used != 0; used &= used - 1) {
		if (lr_read((unsigned)__builtin_ctzll(used)) & LR_STATE_PENDING)
			return true;
	}
	return false;
}

bool vgic_inject_virtual(uint32_t intid, uint8_t priority)
{
	return vgic_inject(LR_STATE_PENDING | LR_GROUP1 | ((uint64_t)priority << LR_PRIORITY_SHIFT) |
			   (intid & LR_VIRTUAL_MASK));
}

static uint32_t lr_physical_intid(uint64_t lr)
{
	return (uint32_t)(lr >> LR_PHYSICAL_SHIFT) & LR_PHYSICAL_MASK;
}

bool vgic_return_private_listed(struct vgic_state *state)
{
	bool linked = false;
	uint32_t active = 0;

	for (uint64_t used = state->in_use; used != 0; used &= used - 1) {
		unsigned i = (unsigned)__builtin_ctzll(used);
		uint64_t lr = state->lr[i];
		if (!(lr & LR_HW))
			continue;
		uint32_t physical = lr_physical_intid(lr);
		if (physical >= GICV3_FIRST_SPI) {
			linked = true;
			continue;
		}
		/* Mortise's EOImode 1: ICC_DIR ends the active state whoever set it. */
		gicv3_deactivate(physical);
		if ((lr & LR_STATE_MASK) == LR_STATE_PENDING)
			state->in_use &= ~(1ULL << i);
		else
			active |= 1u << physical;
	}
	state->private_active = active;
	return linked;
}

void vgic_release_hardware(struct vgic_state *state)
{
	for (uint64_t used = state->in_use; used != 0; used &= used - 1) {
		uint64_t lr = state->lr[__builtin_ctzll(used)];
		if ((lr & LR_HW) && lr_physical_intid(lr) >= GICV3_FIRST_SPI)
			gicv3_deactivate(lr_physical_intid(lr));
	}
	state->in_use = 0;
	state->private_active = 0;
}
