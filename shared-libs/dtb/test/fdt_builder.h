/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test devicetrees: a QEMU virt-like tree built with libfdt's sequential-write API, opened for
 * editing so each test can derive its variant with libfdt's read-write calls.
 */
#ifndef FDT_BUILDER_H
#define FDT_BUILDER_H

#include <stddef.h>
#include <stdint.h>

/* Room left for edits after the tree is built. */
#define FDT_BUILDER_BUFFER_SIZE (64 * 1024)

#define VIRT_GIC_PHANDLE 0x8005
#define VIRT_MEMORY_BASE 0x40000000ULL
#define VIRT_MEMORY_SIZE 0x40000000ULL
#define VIRT_UART_BASE 0x09000000ULL
#define VIRT_GICD_BASE 0x08000000ULL
#define VIRT_GICD_SIZE 0x10000ULL
#define VIRT_GICR_BASE 0x080a0000ULL
#define VIRT_GICR_SIZE 0xf60000ULL
#define VIRT_BOOTARGS "console=ttyAMA0 quiet"

/* A virt-like tree with `cpus` cpu nodes (MPIDRs 0, 1, ...); free() it. Aborts on failure. */
void *fdt_build_virt(unsigned cpus);

/* The offset of `path`; aborts when missing. */
int fdt_node(const void *fdt, const char *path);

/* Sets `property` of `path` to `count` big-endian cells. Aborts on failure. */
void fdt_set_cells(void *fdt, const char *path, const char *property, unsigned count, ...);
void fdt_set_string(void *fdt, const char *path, const char *property, const char *value);
void fdt_set_bytes(void *fdt, const char *path, const char *property, const void *value,
		   size_t length);
void fdt_remove_property(void *fdt, const char *path, const char *property);
void fdt_remove_node(void *fdt, const char *path);
/* Adds an empty node `name` under `parent_path`. */
void fdt_add_node(void *fdt, const char *parent_path, const char *name);

/* A packed copy in a buffer of exactly its totalsize, so ASan flags any read past it; free() it. */
void *fdt_packed_copy(const void *fdt, size_t *size);

/* test_dtb_channels.c and test_dtb_blob.c: their groups' failures. */
int run_dtb_channel_tests(void);
int run_dtb_blob_tests(void);

#endif
