/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pci_ivshmem.h"

#define REGISTERS 0x10000000u
#define MEMORY 0x8040000000ull
#define MEMORY_SIZE 0x10000u

static struct pci_ivshmem device_at_rest(void)
{
	struct pci_ivshmem device;

	assert_int_equal(pci_ivshmem_init(&device, REGISTERS, MEMORY, MEMORY_SIZE, 1, 7),
			 PCI_IVSHMEM_OK);
	return device;
}

static uint32_t config(const struct pci_ivshmem *device, uint32_t offset, unsigned size)
{
	uint32_t value = 0xdeadbeef;

	assert_int_equal(pci_ivshmem_config_read(device, offset, size, &value), PCI_IVSHMEM_OK);
	return value;
}

static void set_config(struct pci_ivshmem *device, uint32_t offset, unsigned size, uint32_t value)
{
	assert_int_equal(pci_ivshmem_config_write(device, offset, size, value), PCI_IVSHMEM_OK);
}

static uint32_t reg(struct pci_ivshmem *device, uint32_t offset)
{
	uint32_t value = 0xdeadbeef;

	assert_int_equal(pci_ivshmem_register_read(device, offset, 4, &value), PCI_IVSHMEM_OK);
	return value;
}

static void set_reg(struct pci_ivshmem *device, uint32_t offset, uint32_t value)
{
	enum pci_ivshmem_action action;

	assert_int_equal(pci_ivshmem_register_write(device, offset, 4, value, &action),
			 PCI_IVSHMEM_OK);
}

static void test_init_refuses_bad_bars(void **state)
{
	struct pci_ivshmem device;

	(void)state;
	assert_int_equal(pci_ivshmem_init(&device, REGISTERS + 0x80, MEMORY, MEMORY_SIZE, 0, 0),
			 PCI_IVSHMEM_BAD_LAYOUT);
	assert_int_equal(pci_ivshmem_init(&device, 0x100000000ull, MEMORY, MEMORY_SIZE, 0, 0),
			 PCI_IVSHMEM_BAD_LAYOUT);
	assert_int_equal(pci_ivshmem_init(&device, REGISTERS, MEMORY, 0x3000, 0, 0),
			 PCI_IVSHMEM_BAD_LAYOUT);
	assert_int_equal(pci_ivshmem_init(&device, REGISTERS, MEMORY + 0x1000, MEMORY_SIZE, 0, 0),
			 PCI_IVSHMEM_BAD_LAYOUT);
	assert_string_equal(pci_ivshmem_status_name(PCI_IVSHMEM_BAD_LAYOUT),
			    "BAR not a power of two or not aligned to its size");
}

static void test_identity_at_every_access_size(void **state)
{
	struct pci_ivshmem device = device_at_rest();

	(void)state;
	assert_int_equal(config(&device, 0x00, 4), 0x11101af4u);
	assert_int_equal(config(&device, 0x02, 2), 0x1110u);
	assert_int_equal(config(&device, 0x01, 1), 0x1au);
	assert_int_equal(config(&device, 0x0b, 1), 0x05u); /* class: memory controller */
	assert_int_equal(config(&device, 0x0e, 1), 0x00u); /* header type 0 */
	assert_int_equal(config(&device, 0x3d, 1), 1u);	   /* INTA */
	assert_int_equal(config(&device, 0x100, 4), 0u);
	assert_int_equal(config(&device, 0xffc, 4), 0u);
}

static void test_bad_accesses_are_refused_and_change_nothing(void **state)
{
	struct pci_ivshmem device = device_at_rest();
	enum pci_ivshmem_action action;
	uint32_t value;

	(void)state;
	assert_int_equal(pci_ivshmem_config_read(&device, 0x02, 4, &value), PCI_IVSHMEM_BAD_ACCESS);
	assert_int_equal(pci_ivshmem_config_read(&device, 0x00, 8, &value), PCI_IVSHMEM_BAD_ACCESS);
	assert_int_equal(pci_ivshmem_config_read(&device, 0x1000, 4, &value),
			 PCI_IVSHMEM_BAD_ACCESS);
	assert_int_equal(pci_ivshmem_config_write(&device, 0x05, 2, 0xffff),
			 PCI_IVSHMEM_BAD_ACCESS);
	assert_int_equal(pci_ivshmem_config_write(&device, 0x04, 3, 0xffff),
			 PCI_IVSHMEM_BAD_ACCESS);
	assert_int_equal(pci_ivshmem_register_read(&device, 0x0e, 2, &value),
			 PCI_IVSHMEM_BAD_ACCESS);
	assert_int_equal(pci_ivshmem_register_write(&device, 0x100, 4, 1, &action),
			 PCI_IVSHMEM_BAD_ACCESS);
	assert_int_equal(pci_ivshmem_register_write(&device, 0x0c, 1, 1, &action),
			 PCI_IVSHMEM_BAD_ACCESS);
	assert_int_equal(config(&device, 0x04, 2), 0u);
}

static void test_bars_answer_sizing_and_keep_firmware_addresses(void **state)
{
	struct pci_ivshmem device = device_at_rest();

	(void)state;
	assert_int_equal(config(&device, 0x10, 4), REGISTERS);
	assert_int_equal(config(&device, 0x18, 4), (uint32_t)MEMORY | 0xcu);
	assert_int_equal(config(&device, 0x1c, 4), (uint32_t)(MEMORY >> 32));
	/* Linux's __pci_read_base: write all ones, read the mask, write the original back. */
	set_config(&device, 0x10, 4, 0xffffffffu);
	assert_int_equal(config(&device, 0x10, 4), ~(PCI_IVSHMEM_REGISTERS_SIZE - 1u));
	set_config(&device, 0x10, 4, REGISTERS);
	set_config(&device, 0x18, 4, 0xffffffffu);
	set_config(&device, 0x1c, 4, 0xffffffffu);
	assert_int_equal(config(&device, 0x18, 4), ~(MEMORY_SIZE - 1u) | 0xcu);
	assert_int_equal(config(&device, 0x1c, 4), 0xffffffffu);
	set_config(&device, 0x18, 4, 0x12340000u); /* anything else: the firmware address stays */
	set_config(&device, 0x1c, 4, 0);
	assert_int_equal(config(&device, 0x10, 4), REGISTERS);
	assert_int_equal(config(&device, 0x18, 4), (uint32_t)MEMORY | 0xcu);
	assert_int_equal(config(&device, 0x1c, 4), (uint32_t)(MEMORY >> 32));
	set_config(&device, 0x00, 4, 0); /* read-only identity */
	assert_int_equal(config(&device, 0x00, 4), 0x11101af4u);
}

static void test_command_keeps_only_its_writable_bits(void **state)
{
	struct pci_ivshmem device = device_at_rest();

	(void)state;
	set_config(&device, 0x04, 4, 0xffffffffu);
	assert_int_equal(config(&device, 0x04, 4),
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE);
	set_config(&device, 0x05, 1, 0x00); /* the byte with interrupt-disable */
	assert_int_equal(config(&device, 0x04, 2), PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	set_config(&device, 0x3c, 1, 41);
	assert_int_equal(config(&device, 0x3c, 2), 0x100u | 41u);
}

/* What uio_pci_generic does: its IRQ handler sees the status bit and sets interrupt-disable;
 * user space unmasks by clearing interrupt-disable. The register BAR's status is the ring Mortise
 * holds, neither more nor less, and reading it clears nothing. */
static void test_doorbell_interrupt_as_uio_pci_generic_drives_it(void **state)
{
	struct pci_ivshmem device = device_at_rest();
	enum pci_ivshmem_action action = PCI_IVSHMEM_NOTHING;

	(void)state;
	assert_int_equal(reg(&device, PCI_IVSHMEM_INTERRUPT_STATUS), 0u);
	pci_ivshmem_set_ring_pending(&device, true);
	assert_int_equal(reg(&device, PCI_IVSHMEM_INTERRUPT_STATUS), 1u);
	assert_false(pci_ivshmem_interrupt_asserted(&device)); /* masked in the device */
	assert_int_equal(config(&device, 0x06, 2) & PCI_STATUS_INTERRUPT, 0u);
	set_reg(&device, PCI_IVSHMEM_INTERRUPT_MASK, 1);
	assert_true(pci_ivshmem_interrupt_asserted(&device));
	assert_int_equal(config(&device, 0x04, 4) >> 16, PCI_STATUS_INTERRUPT);
	/* Delivered: Mortise holds no ring; the open gate still shows the handler its bit. */
	pci_ivshmem_set_ring_pending(&device, false);
	assert_int_equal(config(&device, 0x06, 2), PCI_STATUS_INTERRUPT);
	set_config(&device, 0x04, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_INTX_DISABLE);
	assert_false(pci_ivshmem_interrupt_asserted(&device));
	assert_int_equal(config(&device, 0x06, 2), 0u);
	assert_int_equal(reg(&device, PCI_IVSHMEM_INTERRUPT_STATUS), 0u);
	/* A ring behind the shut gate: pending, shown twice (a read clears nothing). */
	pci_ivshmem_set_ring_pending(&device, true);
	assert_int_equal(config(&device, 0x06, 2), PCI_STATUS_INTERRUPT);
	assert_int_equal(reg(&device, PCI_IVSHMEM_INTERRUPT_STATUS), 1u);
	assert_int_equal(reg(&device, PCI_IVSHMEM_INTERRUPT_STATUS), 1u);
	assert_int_equal(pci_ivshmem_register_write(&device, PCI_IVSHMEM_INTERRUPT_STATUS, 4, 0,
						    &action),
			 PCI_IVSHMEM_OK);
	assert_int_equal(reg(&device, PCI_IVSHMEM_INTERRUPT_STATUS), 1u);
	set_config(&device, 0x04, 2, PCI_COMMAND_MEMORY);
	assert_true(pci_ivshmem_interrupt_asserted(&device));
	set_reg(&device, PCI_IVSHMEM_INTERRUPT_MASK, 0);
	assert_false(pci_ivshmem_interrupt_asserted(&device));
	assert_int_equal(pci_ivshmem_register_write(&device, PCI_IVSHMEM_DOORBELL, 4, 1, &action),
			 PCI_IVSHMEM_OK);
	assert_int_equal(action, PCI_IVSHMEM_RING_PEER);
	assert_int_equal(pci_ivshmem_register_write(&device, PCI_IVSHMEM_PEER, 4, 1, &action),
			 PCI_IVSHMEM_OK);
	assert_int_equal(action, PCI_IVSHMEM_NOTHING);
}

static void test_positions_are_read_only(void **state)
{
	struct pci_ivshmem device = device_at_rest();

	(void)state;
	set_reg(&device, PCI_IVSHMEM_POSITION, 5);
	set_reg(&device, PCI_IVSHMEM_PEER, 5);
	assert_int_equal(reg(&device, PCI_IVSHMEM_POSITION), 1u);
	assert_int_equal(reg(&device, PCI_IVSHMEM_PEER), 7u);
	assert_int_equal(reg(&device, 0x80), 0u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_refuses_bad_bars),
		cmocka_unit_test(test_identity_at_every_access_size),
		cmocka_unit_test(test_bad_accesses_are_refused_and_change_nothing),
		cmocka_unit_test(test_bars_answer_sizing_and_keep_firmware_addresses),
		cmocka_unit_test(test_command_keeps_only_its_writable_bits),
		cmocka_unit_test(test_doorbell_interrupt_as_uio_pci_generic_drives_it),
		cmocka_unit_test(test_positions_are_read_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
