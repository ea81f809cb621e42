/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-audit internals: what the TCB audit measures and the passes that measure it
 * (orchestrator/audit/README.md). Host code; allocation is fine here.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "caps.h"
#include "policy_blob.h"

enum audit_status {
	AUDIT_OK,
	AUDIT_ERR_IO,	    /* a file could not be read or written */
	AUDIT_ERR_FORMAT,   /* an ELF, map, dependency or JSON file is not what it should be */
	AUDIT_ERR_POLICY,   /* the blob was refused, or its grants cannot be replayed with caps/ */
	AUDIT_ERR_USAGE,
	AUDIT_STATUS_COUNT
};
const char *audit_status_name(enum audit_status status);

/* ---- lines.c: code lines the way cloc counts them ------------------------------------------ */
enum source_language { LANGUAGE_C, LANGUAGE_HEADER, LANGUAGE_ASM, LANGUAGE_COUNT };
const char *source_language_name(enum source_language language);
/* By extension: .c, .h, .S/.s; false for anything else. */
bool source_language_of(const char *path, enum source_language *language);

struct line_counts {
	unsigned code, comment, blank;
};
/*
 * A line is code when anything but a comment or white space is on it, a comment line when only
 * comment is, blank otherwise. C and headers: / * * / and // (continued by a trailing backslash),
 * never inside "..." or '...'. Assembly (.S, run through cpp, then GNU as for AArch64): the same
 * comments and strings, no character literals ('A is a GNU as constant), and, as cloc counts
 * Assembly, a line whose first non-blank character is # ; or @ is a comment line: cloc does not
 * know that cpp reads #include and #define in a .S file.
 */
void count_lines(const char *text, size_t length, bool assembly, struct line_counts *counts);
enum audit_status count_file_lines(const char *path, enum source_language language,
				   struct line_counts *counts);

/* ---- elf.c: section sizes from ELF64 section headers ------------------------------------- */
enum section_class {
	SECTION_TEXT,	/* .text* */
	SECTION_RODATA, /* .rodata* */
	SECTION_DATA,	/* .data* */
	SECTION_BSS,	/* .bss* */
	SECTION_OTHER,	/* any other allocated section: .got, .got.plt, ... */
	SECTION_CLASS_COUNT,
	SECTION_NONE = SECTION_CLASS_COUNT, /* not loaded: debug information, .comment, ... */
};
const char *section_class_name(enum section_class section);
/* By name, for a section known to be allocated (SHF_ALLOC). */
enum section_class section_class_of(const char *name);

struct section_sizes {
	uint64_t size[SECTION_CLASS_COUNT];
};
uint64_t section_sizes_total(const struct section_sizes *sizes);
void section_sizes_add(struct section_sizes *sum, const struct section_sizes *add);

/* Sums the allocated sections by class; why names the problem when the file is refused. */
enum audit_status elf_section_sizes(const uint8_t *data, size_t size, struct section_sizes *sizes,
				    const char **why);

/* ---- map.c: GNU ld link maps (-Wl,-Map) ------------------------------------------------------- */
struct map_object {
	char *path; /* "build/kernel/kernel/main.o", "/usr/lib/.../libgcc.a(lse-init.o)" */
	struct section_sizes sizes;
};
struct map_file {
	struct map_object *objects;
	size_t count;
	struct section_sizes fill; /* *fill* padding the linker inserted */
};
/* Every object linked (LOAD lines and archive members) and what each put in which output section. */
enum audit_status map_parse(const char *text, struct map_file *map);
void map_free(struct map_file *map);

/* ---- depfile.c: the headers a gcc -MMD dependency file names ---------------------------------- */
/* Calls found(path) for each prerequisite of the first rule. */
enum audit_status depfile_parse(const char *text, void (*found)(const char *path, void *context),
				void *context);

/* ---- util.c --------------------------------------------------------------------------------- */
/* The whole file, NUL-terminated; NULL (errno set) when it cannot be read. */
char *read_file(const char *path, size_t *size);
void *xrealloc(void *pointer, size_t size);
char *xstrdup(const char *text);
bool file_exists(const char *path);
bool has_prefix(const char *text, const char *prefix);

/* ---- code.c: the code of each image ------------------------------------------------------- */
enum image_class { IMAGE_EL2, IMAGE_COMPONENT, IMAGE_GUEST, IMAGE_CLASS_COUNT };
const char *image_class_name(enum image_class class);
bool image_class_parse(const char *name, enum image_class *class);

enum group_kind { GROUP_OWN, GROUP_LIBRARY, GROUP_EXTERNAL, GROUP_LINKER, GROUP_KIND_COUNT };
const char *group_kind_name(enum group_kind kind);

struct source_file {
	char *path;
	enum source_language language;
	struct line_counts lines;
};

/* A part of an image: its own code, one micro-library, objects without source, linker padding. */
struct code_group {
	char *name;
	enum group_kind kind;
	unsigned lines[LANGUAGE_COUNT];
	struct section_sizes sizes;
	struct source_file *files;
	size_t file_count;
};

struct image {
	char *name; /* the image folder: "kernel", "test/exit-vmm" */
	enum image_class class;
	char *elf;
	struct section_sizes sizes; /* from the ELF file */
	unsigned lines[LANGUAGE_COUNT];
	struct code_group *groups;
	size_t group_count;
};

struct code_audit {
	struct image *images;
	size_t image_count;
	const char *const *library_dirs; /* "shared-libs/cpu/", "caps/", ... */
	size_t library_dir_count;
	const char *build_dir; /* generated files under it are not source */
};
/* name: image folder; the map is elf with .map for .elf, objects are under dirname(elf)/. */
enum audit_status code_add_image(struct code_audit *audit, const char *name,
				 enum image_class class, const char *elf, FILE *errors);
void code_free(struct code_audit *audit);
unsigned lines_total(const unsigned lines[LANGUAGE_COUNT]);

/* ---- authority.c: capabilities after boot, replayed with caps/ ------------------------------ */
enum cap_origin { ORIGIN_ROOT, ORIGIN_IMPLICIT, ORIGIN_GRANT, ORIGIN_COUNT };
const char *cap_origin_name(enum cap_origin origin);

struct held_cap {
	cap_selector selector;
	struct cap_info info;
	enum cap_origin origin;
	uint16_t grantor; /* partition index of whoever passed it on; the holder for root caps */
	bool has_parent;
	uint16_t parent_space;
	cap_selector parent_selector;
	char object_name[96];
};

struct reachable_call {
	const char *group, *function;
	uint32_t id;
	cap_selector via[HC_MAX_CAP_ARGUMENTS];
	unsigned via_count;
};

#define AUDIT_MAX_CALLS 32
struct partition_authority {
	struct policy_partition partition;
	const char *name;
	struct held_cap *caps;
	size_t cap_count;
	struct reachable_call calls[AUDIT_MAX_CALLS];
	size_t call_count;
};

struct authority {
	struct policy_blob blob;
	uint8_t *blob_data;
	struct cap_system *system;
	struct cap_space *spaces; /* each partition's capability space, CONFIG_CAPS_MAX_SPACES */
	struct partition_authority *partitions; /* index = partition index = capability space */
	size_t partition_count;
	char **errors; /* grants that could not be replayed, ...; the audit still reports the rest */
	size_t error_count;
};
enum audit_status authority_load(struct authority *authority, const char *blob_path, FILE *errors);
void authority_free(struct authority *authority);
const char *rights_text(cap_rights rights, char buffer[6]); /* "rw-gc" */

/* ---- reach.c: which hypercalls a space can get past hc_dispatch's checks ---------------------- */
/* Fills partitions[space].calls for every space. */
void reach_compute(struct authority *authority);

/* ---- outputs ------------------------------------------------------------------------------ */
struct audit_report {
	struct code_audit *code;
	struct authority *authority; /* NULL when no policy was given */
	const char *policy_path;
};
void report_table(const struct audit_report *report, FILE *out);
void report_json(const struct audit_report *report, FILE *out);
void report_dot(const struct audit_report *report, FILE *out);

/* ---- json.c: a small reader for diff ------------------------------------------------------ */
enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };
struct json {
	enum json_type type;
	double number;
	bool boolean;
	char *string;		/* JSON_STRING */
	char **keys;		/* JSON_OBJECT */
	struct json **items;	/* JSON_ARRAY and JSON_OBJECT values */
	size_t count;
};
/* NULL when text is not JSON; *where is then the byte offset of the problem. */
struct json *json_parse(const char *text, size_t *where);
void json_free(struct json *value);
const struct json *json_get(const struct json *object, const char *key);
const char *json_string(const struct json *value, const char *key); /* "" when absent */
double json_number(const struct json *value, const char *key);	    /* 0 when absent */
void json_write_string(FILE *out, const char *text);

/* ---- diff.c ------------------------------------------------------------------------------- */
/* 0: nothing grew and nothing new was granted; 1: something did; 2: a file could not be read. */
int audit_diff(const char *old_path, const char *new_path, FILE *out);

#endif
