/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The subset of QEMU's TCG plugin API (version 1, QEMU 4.2 to 8.2) that the boot table's plugins
 * use (marker_clock.c, cycle_profile.c). Debian's qemu-system-arm exports the API but ships no
 * header for it (no qemu-plugin.h in any Debian 12 package, and no example plugins), so the
 * declarations are written out here as the version-1 API defines them.
 */
#ifndef QEMU_PLUGIN_V1_H
#define QEMU_PLUGIN_V1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef uint32_t qemu_plugin_meminfo_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_plugin_hwaddr;

typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_mem_rw { QEMU_PLUGIN_MEM_R = 1, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_MEM_RW };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
					  uint64_t vaddr, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
						void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
				      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
				      void *userdata);
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr);
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags, void *userdata);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);

/* What a plugin defines: the API version it was written for, and its entry point. */
__attribute__((visibility("default"))) extern int qemu_plugin_version;
__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id,
							       const qemu_info_t *info, int argc,
							       char **argv);

/*
 * Whether an A64 instruction may store to memory through the general registers: every
 * load/store encoding (op0 x1x0) except the register loads (LDR, LDRS*, PRFM: opc != 00), the
 * load pairs (L = 1) and the SIMD&FP forms. What is left over includes a few loads (exclusives,
 * atomics), which a memory callback filters out by the access itself; what is dropped never
 * writes the UART. Watching only these keeps a helper call off most memory instructions.
 */
static inline bool a64_may_store(uint32_t insn)
{
	if ((insn & 0x0a000000) != 0x08000000)
		return false;
	if (insn & (1u << 26))
		return false;
	unsigned group = (insn >> 27) & 7;
	if (group == 7)
		return ((insn >> 22) & 3) == 0;
	if (group == 5)
		return (insn & (1u << 22)) == 0;
	return true;
}

/* Calls on_store after each store the instruction may make (see a64_may_store). */
static inline void watch_stores(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t on_store)
{
	uint32_t word = 0;

	if (qemu_plugin_insn_size(insn) != sizeof(word))
		return;
	memcpy(&word, qemu_plugin_insn_data(insn), sizeof(word));
	if (a64_may_store(word))
		qemu_plugin_register_vcpu_mem_cb(insn, on_store, QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_W, NULL);
}

/* Whether a memory access is a store to the device register at physical address `reg`. */
static inline bool stores_to_device_register(qemu_plugin_meminfo_t info, uint64_t vaddr, uint64_t reg)
{
	if (!qemu_plugin_mem_is_store(info))
		return false;
	struct qemu_plugin_hwaddr *hwaddr = qemu_plugin_get_hwaddr(info, vaddr);
	return hwaddr != NULL && qemu_plugin_hwaddr_is_io(hwaddr) &&
	       qemu_plugin_hwaddr_phys_addr(hwaddr) == reg;
}

/* Whether QEMU is qemu-system-aarch64, the only one the boot table's plugins know; says so if not. */
static inline bool plugin_in_aarch64_system(const qemu_info_t *info, const char *plugin)
{
	if (info->system_emulation && strcmp(info->target_name, "aarch64") == 0)
		return true;
	fprintf(stderr, "%s: needs qemu-system-aarch64\n", plugin);
	return false;
}

/* The value of a plugin argument "KEY=VALUE" if it has that key, else NULL. */
static inline const char *plugin_option(const char *argument, const char *key)
{
	size_t length = strlen(key);
	return strncmp(argument, key, length) == 0 && argument[length] == '=' ? argument + length + 1 :
										 NULL;
}

#endif
