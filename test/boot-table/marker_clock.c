/* SPDX-License-Identifier: Apache-2.0 */
/*
 * marker-clock: a QEMU TCG plugin (QEMU 7.2, plugin API version 1) that counts the guest
 * instructions executed on every vCPU since reset and, on each write to the PL011 data register,
 * appends that count and QEMU's virtual clock to a file, one line per byte: "INSTRUCTIONS NS". Line
 * N of the file is therefore the state when console byte N (counting from 1) was written, and a
 * script that finds a marker in the console reads its figures from the matching line.
 *
 *   qemu-system-aarch64 -icount shift=0,sleep=off \
 *       -plugin marker-clock.so,arg=out=FILE[,arg=uart=0x9000000] ...
 *
 * Under -icount shift=0 one instruction is one nanosecond of QEMU's virtual clock (the guest's
 * counter, 62.5 MHz, advances one tick per 16 instructions), so apart from the time the clock
 * skips while every vCPU waits in WFI the count is the virtual time at the marker. The emulated
 * CPUs then run one at a time in one host thread, so the shared counter needs no atomics; without
 * -icount they run in parallel and the count would lose updates, so the plugin refuses to run
 * without -icount (it looks for it on QEMU's command line).
 *
 * Debian's qemu-system-arm exports the plugin API but ships no header for it: qemu_plugin_v1.h
 * declares what the boot table's plugins use.
 */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include <dlfcn.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_v1.h"

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* ---- The plugin --------------------------------------------------------------------------------- */
static uint64_t executed;
/*
 * QEMU's own virtual clock, in ns: under -icount it is the instructions QEMU has counted
 * (shifted) plus the time it skipped while every vCPU waited in WFI, which is what the guest's
 * counter shows. Not part of the plugin API: Debian's QEMU exports all its symbols, and this is
 * the function the generic timer calls when a guest reads CNTPCT_EL0. NULL if missing.
 */
static int64_t (*virtual_clock)(void);
static uint64_t uart_data = 0x09000000; /* PL011 UARTDR on QEMU virt */
static FILE *out;

static void on_store(unsigned int vcpu_index, qemu_plugin_meminfo_t info, uint64_t vaddr,
		     void *userdata)
{
	(void)vcpu_index;
	(void)userdata;
	if (!stores_to_device_register(info, vaddr, uart_data))
		return;
	/* Flushed at once: the script stops QEMU as soon as the console shows the marker. */
	/*
	 * Safe to read here: under -icount an I/O access is the last instruction of its block and
	 * runs with can_do_io set, which icount_get() requires of a vCPU thread.
	 */
	fprintf(out, "%" PRIu64 " %" PRId64 "\n", executed, virtual_clock ? virtual_clock() : -1);
	fflush(out);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	size_t count = qemu_plugin_tb_n_insns(tb);
	for (size_t i = 0; i < count; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		/*
		 * Counted per instruction, not per block: a block that stops part-way (an
		 * exception, or the I/O access that QEMU retranslates to end its block under
		 * -icount) then counts only what it executed.
		 */
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed,
							   1);
		watch_stores(insn, on_store);
	}
}

/* Whether QEMU's command line (/proc/self/cmdline: NUL-separated) has -icount. */
static bool has_icount(void)
{
	FILE *file = fopen("/proc/self/cmdline", "r");
	if (file == NULL)
		return false;
	char word[64];
	size_t len = 0;
	bool found = false;
	for (int c; (c = fgetc(file)) != EOF;) {
		if (c != '\0') {
			if (len < sizeof(word) - 1)
				word[len++] = (char)c;
			continue;
		}
		word[len] = '\0';
		len = 0;
		if (strcmp(word, "-icount") == 0 || strcmp(word, "--icount") == 0)
			found = true;
	}
	fclose(file);
	return found;
}

static void on_exit_(qemu_plugin_id_t id, void *userdata)
{
	(void)id;
	(void)userdata;
	if (out != NULL)
		fclose(out);
	out = NULL;
}

int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	const char *path = NULL;
	if (!plugin_in_aarch64_system(info, "marker-clock"))
		return 1;
	if (!has_icount()) {
		fprintf(stderr, "marker-clock: needs -icount (one vCPU at a time)\n");
		return 1;
	}
	for (int i = 0; i < argc; i++) {
		const char *value;
		if ((value = plugin_option(argv[i], "out")) != NULL)
			path = value;
		else if ((value = plugin_option(argv[i], "uart")) != NULL)
			uart_data = strtoull(value, NULL, 0);
		else {
			fprintf(stderr, "marker-clock: unknown argument %s\n", argv[i]);
			return 1;
		}
	}
	if (path == NULL) {
		fprintf(stderr, "marker-clock: usage: -plugin marker-clock.so,arg=out=FILE\n");
		return 1;
	}
	out = fopen(path, "w");
	if (out == NULL) {
		perror(path);
		return 1;
	}
	virtual_clock = (int64_t(*)(void))dlsym(RTLD_DEFAULT, "icount_get");
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_exit_, NULL);
	return 0;
}
