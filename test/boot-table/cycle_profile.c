/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cycle-profile: a QEMU TCG plugin (QEMU 7.2, plugin API version 1) that counts the instructions
 * each vCPU executes by the physical address of the code, up to a given console byte, and then
 * writes them out: one line "VCPU PHYSICAL-ADDRESS INSTRUCTIONS" (decimal; the address "-" for code
 * outside RAM) per translated block and vCPU that ran it. test/boot-table/cycle-profile.sh runs it and sorts the addresses into Mortise, the
 * partitions and their vCPUs.
 *
 *   qemu-system-aarch64 -icount shift=0,sleep=off \
 *       -plugin cycle-profile.so,out=FILE,at=BYTE[,uart=0x9000000][,ram=0x40000000]
 *
 * Why physical addresses: version-1 plugins cannot read the exception level, and Mortise (EL2,
 * identity-mapped), the components and Linux (EL1, through stage 2) run code at the same virtual
 * addresses (Linux starts with its MMU off at the same IPAs Mortise's own code has). Their code
 * lies in disjoint physical RAM, though, and the host address of a block's first instruction
 * (qemu_plugin_insn_haddr) is QEMU's RAM host base plus that physical address. The base is taken
 * from the first block translated inside RAM (at `ram`), which runs with the MMU off (virtual =
 * physical): Mortise's entry, or bare Linux's.
 *
 * A block is counted whole each time it starts; one that stops part-way (an exception, or an I/O
 * access QEMU ends the block at) counts its remaining instructions too. Each vCPU adds to its own
 * slot, so the counts need no atomics with or without -icount.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_v1.h"

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_VCPUS 8
#define BLOCKS_PER_CHUNK 4096

struct block {
	const uint8_t *host;	/* host address of the first instruction, NULL outside RAM */
	uint64_t instructions;	/* in the block */
	uint64_t runs[MAX_VCPUS];
};

/* Blocks are never freed: a retranslated block gets a new record and both are written out. */
struct chunk {
	struct chunk *next;
	size_t used;
	struct block blocks[BLOCKS_PER_CHUNK];
};

static struct chunk *chunks;
static uint64_t uart_data = 0x09000000; /* PL011 UARTDR on QEMU virt */
static uint64_t ram_base = 0x40000000;  /* QEMU virt */
static uint64_t ram_window = 1ull << 32;
static const uint8_t *host_of_ram_base; /* NULL until calibrated */
static uint64_t console_bytes, dump_at;
static bool dumped;
static const char *out_path;

static struct block *new_block(void)
{
	if (chunks == NULL || chunks->used == BLOCKS_PER_CHUNK) {
		struct chunk *chunk = calloc(1, sizeof(*chunk));
		if (chunk == NULL) {
			fprintf(stderr, "cycle-profile: out of memory\n");
			abort();
		}
		chunk->next = chunks;
		chunks = chunk;
	}
	return &chunks->blocks[chunks->used++];
}

static void write_profile(void)
{
	/* Written aside and renamed: a script waiting for the file then reads it whole. */
	char partial[4096];
	snprintf(partial, sizeof(partial), "%s.partial", out_path);
	FILE *out = fopen(partial, "w");
	if (out == NULL) {
		perror(partial);
		return;
	}
	fprintf(out, "# console-bytes %" PRIu64 "\n", console_bytes);
	for (const struct chunk *chunk = chunks; chunk != NULL; chunk = chunk->next) {
		for (size_t i = 0; i < chunk->used; i++) {
			const struct block *block = &chunk->blocks[i];
			/* Outside RAM: QEMU's boot ROM, which QEMU maps elsewhere. */
			char physical[24] = "-";
			if (block->host != NULL && host_of_ram_base != NULL &&
			    block->host >= host_of_ram_base &&
			    (uint64_t)(block->host - host_of_ram_base) < ram_window)
				snprintf(physical, sizeof(physical), "%" PRIu64,
					 ram_base + (uint64_t)(block->host - host_of_ram_base));
			for (unsigned vcpu = 0; vcpu < MAX_VCPUS; vcpu++) {
				if (block->runs[vcpu] > 0)
					fprintf(out, "%u %s %" PRIu64 "\n", vcpu, physical,
						block->runs[vcpu] * block->instructions);
			}
		}
	}
	if (fclose(out) != 0 || rename(partial, out_path) != 0)
		perror(out_path);
}

static void on_block(unsigned int vcpu_index, void *userdata)
{
	struct block *block = userdata;
	if (!dumped && vcpu_index < MAX_VCPUS)
		block->runs[vcpu_index]++;
}

static void on_store(unsigned int vcpu_index, qemu_plugin_meminfo_t info, uint64_t vaddr,
		     void *userdata)
{
	(void)vcpu_index;
	(void)userdata;
	if (dumped || !stores_to_device_register(info, vaddr, uart_data))
		return;
	if (++console_bytes == dump_at) {
		dumped = true;
		write_profile();
	}
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	size_t count = qemu_plugin_tb_n_insns(tb);
	if (count == 0)
		return;
	struct block *block = new_block();
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
	block->host = qemu_plugin_insn_haddr(qemu_plugin_tb_get_insn(tb, 0));
	block->instructions = count;
	if (host_of_ram_base == NULL && block->host != NULL && vaddr >= ram_base &&
	    vaddr - ram_base < ram_window)
		host_of_ram_base = block->host - (vaddr - ram_base);
	qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block, QEMU_PLUGIN_CB_NO_REGS, block);
	for (size_t i = 0; i < count; i++)
		watch_stores(qemu_plugin_tb_get_insn(tb, i), on_store);
}

static void on_exit_(qemu_plugin_id_t id, void *userdata)
{
	(void)id;
	(void)userdata;
	if (!dumped)
		fprintf(stderr, "cycle-profile: QEMU ended after %" PRIu64 " console bytes, before byte "
				"%" PRIu64 "; no profile written\n", console_bytes, dump_at);
}

/* Takes one "KEY=VALUE" argument; false if the key is not one of this plugin's. */
static bool take_option(const char *argument)
{
	const char *value;

	if ((value = plugin_option(argument, "out")) != NULL)
		out_path = value;
	else if ((value = plugin_option(argument, "at")) != NULL)
		dump_at = strtoull(value, NULL, 0);
	else if ((value = plugin_option(argument, "uart")) != NULL)
		uart_data = strtoull(value, NULL, 0);
	else if ((value = plugin_option(argument, "ram")) != NULL)
		ram_base = strtoull(value, NULL, 0);
	else
		return false;
	return true;
}

int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	if (!plugin_in_aarch64_system(info, "cycle-profile"))
		return 1;
	if (info->system.max_vcpus > MAX_VCPUS) {
		fprintf(stderr, "cycle-profile: at most %d vCPUs\n", MAX_VCPUS);
		return 1;
	}
	for (int i = 0; i < argc; i++) {
		if (!take_option(argv[i])) {
			fprintf(stderr, "cycle-profile: unknown argument %s\n", argv[i]);
			return 1;
		}
	}
	if (out_path == NULL || dump_at == 0) {
		fprintf(stderr, "cycle-profile: usage: -plugin cycle-profile.so,out=FILE,at=BYTE\n");
		return 1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_exit_, NULL);
	return 0;
}
