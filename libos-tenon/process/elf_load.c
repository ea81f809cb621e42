/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Loads a static AArch64 executable (ELF64, ET_EXEC; System V gABI and its AArch64 supplement)
 * and builds the initial stack the Linux AArch64 ABI promises to _start: argc, argv, envp and the
 * auxiliary vector, which musl's __libc_start_main reads (AT_PHDR for its TLS segment, AT_PAGESZ,
 * AT_RANDOM). Every field of the file is checked before it is used: the image is input.
 */
#include "process_internal.h"

#include <string.h>

#define ELF_CLASS_64 2
#define ELF_DATA_LSB 1
#define ELF_TYPE_EXEC 2
#define ELF_MACHINE_AARCH64 183
#define ELF_PT_LOAD 1
#define ELF_PT_DYNAMIC 2
#define ELF_PT_INTERP 3
#define ELF_PF_X 0x1u
#define ELF_PF_W 0x2u
#define ELF_PF_R 0x4u

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25

struct elf64_header {
	uint8_t ident[16];
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;
	uint64_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

struct elf64_program_header {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

static unsigned segment_prot(uint32_t flags)
{
	return ((flags & ELF_PF_R) ? USER_PROT_READ : 0) | ((flags & ELF_PF_W) ? USER_PROT_WRITE : 0) |
	       ((flags & ELF_PF_X) ? USER_PROT_EXEC : 0);
}

static bool header_ok(const struct elf64_header *header, size_t elf_size)
{
	static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};

	return memcmp(header->ident, magic, 4) == 0 && header->ident[4] == ELF_CLASS_64 &&
	       header->ident[5] == ELF_DATA_LSB && header->type == ELF_TYPE_EXEC &&
	       header->machine == ELF_MACHINE_AARCH64 &&
	       header->phentsize == sizeof(struct elf64_program_header) && header->phnum > 0 &&
	       header->phoff < elf_size &&
	       (uint64_t)header->phnum * sizeof(struct elf64_program_header) <=
		       elf_size - header->phoff;
}

/* Where the program headers are in the loaded image (for AT_PHDR), or 0. */
static uint64_t phdr_address(const struct elf64_header *header,
			     const struct elf64_program_header *segment)
{
	if (segment->type == ELF_PT_LOAD && header->phoff >= segment->offset &&
	    header->phoff - segment->offset < segment->filesz)
		return segment->vaddr + (header->phoff - segment->offset);
	return 0;
}

static enum process_status load_segment(struct process *process, const uint8_t *file,
					size_t elf_size, const struct elf64_program_header *segment)
{
	uint64_t end = segment->vaddr + segment->memsz;

	if (segment->memsz == 0)
		return PROCESS_OK;
	if (segment->filesz > segment->memsz || end < segment->vaddr ||
	    segment->vaddr < PROCESS_USER_BASE || end > USER_IMAGE_END ||
	    segment->offset > elf_size || segment->filesz > elf_size - segment->offset)
		return PROCESS_ERR_BAD_ELF;
	uint64_t first = segment->vaddr & ~4095ull;
	unsigned prot = segment_prot(segment->flags);
	enum process_status status = address_space_map(&process->space, first,
						       (page_round_up(end) - first) / 4096u, prot);
	if (status != PROCESS_OK)
		return status;
	if (!copy_into_space(&process->space, segment->vaddr, file + segment->offset,
			     segment->filesz, (prot & USER_PROT_EXEC) != 0))
		return PROCESS_ERR_BAD_ELF;
	if (end > process->brk_start)
		process->brk_start = end;
	return PROCESS_OK;
}

/* The stack _start finds (Linux AArch64: sp 16-byte aligned, pointing at argc). */
static enum process_status build_stack(struct process *process, uint64_t phdr, unsigned phnum,
				       uint64_t entry)
{
	enum process_status status = address_space_map(
		&process->space, USER_STACK_BOTTOM, PROCESS_STACK_SIZE / 4096u,
		USER_PROT_READ | USER_PROT_WRITE);
	if (status != PROCESS_OK)
		return status;

	/* Strings and the random bytes at the top, then the vectors below them. */
	uint64_t top = USER_STACK_TOP;
	size_t name_length = strlen(process->name) + 1;
	uint64_t name_va = top - name_length;
	uint64_t random_va = (name_va - 16) & ~15ull;
	uint8_t random[16];
	uint64_t seed = (uintptr_t)process * 0x9e3779b97f4a7c15ull ^ tenon_time_now_ns();
	for (unsigned i = 0; i < 16; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		random[i] = (uint8_t)(seed >> 56);
	}
	const uint64_t vectors[] = {
		1, name_va, 0, /* argc, argv[0], end of argv */
		0, /* end of envp */
		AT_PHDR, phdr, AT_PHENT, sizeof(struct elf64_program_header), AT_PHNUM, phnum,
		AT_PAGESZ, 4096, AT_ENTRY, entry, AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
		AT_HWCAP, 0, AT_CLKTCK, 100, AT_SECURE, 0, AT_RANDOM, random_va, AT_NULL, 0,
	};
	uint64_t sp = (random_va - sizeof(vectors)) & ~15ull;
	if (!copy_to_user(&process->space, name_va, process->name, name_length) ||
	    !copy_to_user(&process->space, random_va, random, sizeof(random)) ||
	    !copy_to_user(&process->space, sp, vectors, sizeof(vectors)))
		return PROCESS_ERR_NO_MEMORY;
	process->stack_pointer = sp;
	return PROCESS_OK;
}

enum process_status elf_load(struct process *process, const void *elf, size_t elf_size)
{
	const uint8_t *file = elf;
	struct elf64_header header;
	uint64_t phdr = 0;

	if (elf == NULL || elf_size < sizeof(header))
		return PROCESS_ERR_BAD_ELF;
	memcpy(&header, file, sizeof(header));
	if (!header_ok(&header, elf_size))
		return PROCESS_ERR_BAD_ELF;
	process->brk_start = PROCESS_USER_BASE;
	bool loaded_entry = false;
	for (unsigned i = 0; i < header.phnum; i++) {
		struct elf64_program_header segment;
		memcpy(&segment, file + header.phoff + i * sizeof(segment), sizeof(segment));
		if (segment.type == ELF_PT_INTERP || segment.type == ELF_PT_DYNAMIC)
			return PROCESS_ERR_BAD_ELF; /* needs a dynamic linker: static images only */
		if (segment.type != ELF_PT_LOAD)
			continue;
		enum process_status status = load_segment(process, file, elf_size, &segment);
		if (status != PROCESS_OK)
			return status;
		if (phdr == 0)
			phdr = phdr_address(&header, &segment);
		if ((segment.flags & ELF_PF_X) != 0 && header.entry >= segment.vaddr &&
		    header.entry - segment.vaddr < segment.memsz)
			loaded_entry = true;
	}
	if (!loaded_entry || (header.entry & 3) != 0)
		return PROCESS_ERR_BAD_ELF;
	process->entry = header.entry;
	process->brk_start = page_round_up(process->brk_start);
	process->brk = process->brk_start;
	return build_stack(process, phdr, phdr != 0 ? header.phnum : 0, header.entry);
}
