/* SPDX-License-Identifier: Apache-2.0 */
/* The audit's three outputs: a table for people, JSON for tools (README.md), Graphviz for eyes. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

/* Lines of the distinct files of images (of one class, or all when class is IMAGE_CLASS_COUNT). */
static void unique_lines(const struct code_audit *code, unsigned class, const char *library,
			 unsigned lines[LANGUAGE_COUNT], struct section_sizes *sizes)
{
	const char **seen = NULL;
	size_t seen_count = 0;

	memset(lines, 0, sizeof(unsigned) * LANGUAGE_COUNT);
	memset(sizes, 0, sizeof(*sizes));
	for (size_t i = 0; i < code->image_count; i++) {
		const struct image *image = &code->images[i];
		if (class != IMAGE_CLASS_COUNT && image->class != class)
			continue;
		if (library == NULL)
			section_sizes_add(sizes, &image->sizes);
		for (size_t g = 0; g < image->group_count; g++) {
			const struct code_group *group = &image->groups[g];
			if (library != NULL &&
			    (group->kind != GROUP_LIBRARY || strcmp(group->name, library) != 0))
				continue;
			for (size_t f = 0; f < group->file_count; f++) {
				bool known = false;
				for (size_t s = 0; s < seen_count && !known; s++)
					known = strcmp(seen[s], group->files[f].path) == 0;
				if (known)
					continue;
				seen = xrealloc(seen, (seen_count + 1) * sizeof(*seen));
				seen[seen_count++] = group->files[f].path;
				lines[group->files[f].language] += group->files[f].lines.code;
			}
		}
	}
	free(seen);
}

static void table_row(FILE *out, int indent, const char *name, const unsigned lines[LANGUAGE_COUNT],
		      bool show_lines, const struct section_sizes *sizes)
{
	fprintf(out, "%*s%-*s", indent, "", 30 - indent, name);
	if (show_lines)
		fprintf(out, " %7u %7u %6u %7u", lines[LANGUAGE_C], lines[LANGUAGE_HEADER],
			lines[LANGUAGE_ASM], lines_total(lines));
	else
		fprintf(out, " %7s %7s %6s %7s", "-", "-", "-", "-");
	fprintf(out, " | %8" PRIu64 " %8" PRIu64 " %7" PRIu64 " %8" PRIu64 " %6" PRIu64 " %8" PRIu64
		     "\n",
		sizes->size[SECTION_TEXT], sizes->size[SECTION_RODATA], sizes->size[SECTION_DATA],
		sizes->size[SECTION_BSS], sizes->size[SECTION_OTHER], section_sizes_total(sizes));
}

static const char *const class_titles[IMAGE_CLASS_COUNT] = {
	"Runs at EL2 (trusted by everything)",
	"Deprivileged components (EL1, trusted by the partitions they control)",
	"Guests (EL1)",
};

static void table_code(const struct code_audit *code, FILE *out)
{
	fprintf(out, "Code: lines of code (no comments, no blanks) from the sources linked; bytes "
		     "from the ELF files\n");
	fprintf(out, "%-30s %7s %7s %6s %7s | %8s %8s %7s %8s %6s %8s\n", "", "C", "headers", "asm",
		"total", ".text", ".rodata", ".data", ".bss", "other", "total");
	for (unsigned class = 0; class < IMAGE_CLASS_COUNT; class++) {
		bool any = false;
		for (size_t i = 0; i < code->image_count; i++) {
			const struct image *image = &code->images[i];
			if (image->class != class)
				continue;
			if (!any)
				fprintf(out, "%s\n", class_titles[class]);
			any = true;
			table_row(out, 2, image->name, image->lines, true, &image->sizes);
			for (size_t g = 0; g < image->group_count; g++) {
				const struct code_group *group = &image->groups[g];
				char label[128];
				snprintf(label, sizeof(label), "%s%s",
					 group->kind == GROUP_LIBRARY ? "lib " : "", group->name);
				table_row(out, 4, label, group->lines,
					  group->kind == GROUP_OWN || group->kind == GROUP_LIBRARY,
					  &group->sizes);
			}
		}
	}
	fprintf(out, "Totals (a file linked into several images counted once)\n");
	for (unsigned class = 0; class <= IMAGE_CLASS_COUNT; class++) {
		unsigned lines[LANGUAGE_COUNT];
		struct section_sizes sizes;
		unique_lines(code, class, NULL, lines, &sizes);
		table_row(out, 2, class < IMAGE_CLASS_COUNT ? image_class_name(class) : "all", lines, true,
			  &sizes);
	}
}

static void table_authority(const struct audit_report *report, FILE *out)
{
	const struct authority *authority = report->authority;
	char rights[6], parent[96];

	fprintf(out, "\nCapabilities after boot (policy %s; rights r=read w=write x=execute g=grant "
		     "c=control)\n",
		report->policy_path);
	for (size_t p = 0; p < authority->partition_count; p++) {
		const struct partition_authority *holder = &authority->partitions[p];
		const struct policy_partition *partition = &holder->partition;
		fprintf(out, "%s (%s%s%s, image %s): %zu capabilities\n", holder->name,
			policy_kind_name(partition->kind),
			partition->role != POLICY_ROLE_NONE ? " " : "",
			partition->role != POLICY_ROLE_NONE ? policy_role_name(partition->role) : "",
			policy_blob_string(&authority->blob, partition->image), holder->cap_count);
		for (size_t c = 0; c < holder->cap_count; c++) {
			const struct held_cap *cap = &holder->caps[c];
			snprintf(parent, sizeof(parent), "-");
			if (cap->has_parent)
				snprintf(parent, sizeof(parent), "%s:%u",
					 authority->partitions[cap->parent_space].name,
					 cap->parent_selector);
			fprintf(out, "  %3u %-13s %-28s %s  %-8s from %-10s parent %s\n", cap->selector,
				cap_type_name(cap->info.type), cap->object_name,
				rights_text(cap->info.rights, rights), cap_origin_name(cap->origin),
				authority->partitions[cap->grantor].name, parent);
		}
		fprintf(out, "  hypercalls:");
		for (size_t c = 0; c < holder->call_count; c++)
			fprintf(out, " %s.%s", holder->calls[c].group, holder->calls[c].function);
		fprintf(out, "\n");
	}
	for (size_t i = 0; i < authority->error_count; i++)
		fprintf(out, "PROBLEM: %s\n", authority->errors[i]);
}

void report_table(const struct audit_report *report, FILE *out)
{
	table_code(report->code, out);
	if (report->authority != NULL)
		table_authority(report, out);
}

/* ---- JSON ---------------------------------------------------------------------------------- */
void json_write_string(FILE *out, const char *text)
{
	fputc('"', out);
	for (; *text; text++) {
		unsigned char c = (unsigned char)*text;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_lines(FILE *out, const unsigned lines[LANGUAGE_COUNT])
{
	fprintf(out, "{\"c\": %u, \"header\": %u, \"asm\": %u, \"total\": %u}", lines[LANGUAGE_C],
		lines[LANGUAGE_HEADER], lines[LANGUAGE_ASM], lines_total(lines));
}

static void json_sizes(FILE *out, const struct section_sizes *sizes)
{
	fprintf(out, "{");
	for (unsigned c = 0; c < SECTION_CLASS_COUNT; c++)
		fprintf(out, "\"%s\": %" PRIu64 ", ", section_class_name(c), sizes->size[c]);
	fprintf(out, "\"total\": %" PRIu64 "}", section_sizes_total(sizes));
}

static void json_rights(FILE *out, cap_rights rights)
{
	static const char *const names[] = {"read", "write", "execute", "grant", "control"};
	bool first = true;
	fprintf(out, "[");
	for (unsigned i = 0; i < 5; i++)
		if (rights & (1u << i)) {
			fprintf(out, "%s\"%s\"", first ? "" : ", ", names[i]);
			first = false;
		}
	fprintf(out, "]");
}

static void json_images(const struct code_audit *code, FILE *out)
{
	fprintf(out, "  \"images\": [");
	for (size_t i = 0; i < code->image_count; i++) {
		const struct image *image = &code->images[i];
		fprintf(out, "%s\n    {\"name\": ", i ? "," : "");
		json_write_string(out, image->name);
		fprintf(out, ", \"class\": \"%s\", \"elf\": ", image_class_name(image->class));
		json_write_string(out, image->elf);
		fprintf(out, ",\n     \"lines\": ");
		json_lines(out, image->lines);
		fprintf(out, ", \"sizes\": ");
		json_sizes(out, &image->sizes);
		fprintf(out, ",\n     \"groups\": [");
		for (size_t g = 0; g < image->group_count; g++) {
			const struct code_group *group = &image->groups[g];
			fprintf(out, "%s\n      {\"name\": ", g ? "," : "");
			json_write_string(out, group->name);
			fprintf(out, ", \"kind\": \"%s\", \"lines\": ", group_kind_name(group->kind));
			json_lines(out, group->lines);
			fprintf(out, ", \"sizes\": ");
			json_sizes(out, &group->sizes);
			fprintf(out, ", \"files\": [");
			for (size_t f = 0; f < group->file_count; f++) {
				const struct source_file *file = &group->files[f];
				fprintf(out, "%s\n        {\"path\": ", f ? "," : "");
				json_write_string(out, file->path);
				fprintf(out, ", \"language\": \"%s\", \"code\": %u, \"comment\": %u, "
					     "\"blank\": %u}",
					source_language_name(file->language), file->lines.code,
					file->lines.comment, file->lines.blank);
			}
			fprintf(out, "]}");
		}
		fprintf(out, "]}");
	}
	fprintf(out, "],\n");
}

static void json_totals(const struct code_audit *code, FILE *out)
{
	unsigned lines[LANGUAGE_COUNT];
	struct section_sizes sizes;

	fprintf(out, "  \"totals\": {");
	for (unsigned class = 0; class <= IMAGE_CLASS_COUNT; class++) {
		unique_lines(code, class, NULL, lines, &sizes);
		fprintf(out, "%s\n    \"%s\": {\"lines\": ", class ? "," : "",
			class < IMAGE_CLASS_COUNT ? image_class_name(class) : "all");
		json_lines(out, lines);
		fprintf(out, ", \"sizes\": ");
		json_sizes(out, &sizes);
		fprintf(out, "}");
	}
	fprintf(out, "},\n  \"libraries\": [");
	const char **names = NULL;
	size_t name_count = 0;
	for (size_t i = 0; i < code->image_count; i++)
		for (size_t g = 0; g < code->images[i].group_count; g++) {
			const struct code_group *group = &code->images[i].groups[g];
			bool known = group->kind != GROUP_LIBRARY;
			for (size_t n = 0; n < name_count && !known; n++)
				known = strcmp(names[n], group->name) == 0;
			if (known)
				continue;
			names = xrealloc(names, (name_count + 1) * sizeof(*names));
			names[name_count++] = group->name;
		}
	for (size_t n = 0; n < name_count; n++) {
		unique_lines(code, IMAGE_CLASS_COUNT, names[n], lines, &sizes);
		fprintf(out, "%s\n    {\"name\": ", n ? "," : "");
		json_write_string(out, names[n]);
		fprintf(out, ", \"lines\": ");
		json_lines(out, lines);
		fprintf(out, ", \"used_by\": [");
		bool first = true;
		for (size_t i = 0; i < code->image_count; i++)
			for (size_t g = 0; g < code->images[i].group_count; g++)
				if (code->images[i].groups[g].kind == GROUP_LIBRARY &&
				    strcmp(code->images[i].groups[g].name, names[n]) == 0) {
					fprintf(out, "%s", first ? "" : ", ");
					json_write_string(out, code->images[i].name);
					first = false;
				}
		fprintf(out, "]}");
	}
	free(names);
	fprintf(out, "]");
}

static void json_authority(const struct authority *authority, FILE *out)
{
	fprintf(out, ",\n  \"partitions\": [");
	for (size_t p = 0; p < authority->partition_count; p++) {
		const struct partition_authority *holder = &authority->partitions[p];
		fprintf(out, "%s\n    {\"name\": ", p ? "," : "");
		json_write_string(out, holder->name);
		fprintf(out, ", \"index\": %zu, \"kind\": \"%s\", \"role\": \"%s\", \"image\": ", p,
			policy_kind_name(holder->partition.kind),
			policy_role_name(holder->partition.role));
		json_write_string(out, policy_blob_string(&authority->blob, holder->partition.image));
		fprintf(out, ",\n     \"capabilities\": [");
		for (size_t c = 0; c < holder->cap_count; c++) {
			const struct held_cap *cap = &holder->caps[c];
			fprintf(out, "%s\n       {\"selector\": %u, \"type\": \"%s\", \"object\": %" PRIu64
				     ", \"size\": %" PRIu64 ", \"object_name\": ",
				c ? "," : "", cap->selector, cap_type_name(cap->info.type),
				cap->info.object, cap->info.size);
			json_write_string(out, cap->object_name);
			fprintf(out, ", \"rights\": ");
			json_rights(out, cap->info.rights);
			fprintf(out, ", \"depth\": %u, \"origin\": \"%s\", \"grantor\": ", cap->info.depth,
				cap_origin_name(cap->origin));
			json_write_string(out, authority->partitions[cap->grantor].name);
			fprintf(out, ", \"parent\": ");
			if (cap->has_parent) {
				fprintf(out, "{\"holder\": ");
				json_write_string(out, authority->partitions[cap->parent_space].name);
				fprintf(out, ", \"selector\": %u}", cap->parent_selector);
			} else {
				fprintf(out, "null");
			}
			fprintf(out, "}");
		}
		fprintf(out, "],\n     \"hypercalls\": [");
		for (size_t c = 0; c < holder->call_count; c++) {
			const struct reachable_call *call = &holder->calls[c];
			fprintf(out, "%s\n       {\"name\": \"%s.%s\", \"id\": \"0x%08x\", \"via\": [",
				c ? "," : "", call->group, call->function, call->id);
			for (unsigned v = 0; v < call->via_count; v++)
				fprintf(out, "%s%u", v ? ", " : "", call->via[v]);
			fprintf(out, "]}");
		}
		fprintf(out, "]}");
	}
	fprintf(out, "],\n  \"problems\": [");
	for (size_t i = 0; i < authority->error_count; i++) {
		fprintf(out, "%s", i ? ", " : "");
		json_write_string(out, authority->errors[i]);
	}
	fprintf(out, "]");
}

void report_json(const struct audit_report *report, FILE *out)
{
	fprintf(out, "{\n  \"schema\": \"tenonos-audit-1\",\n  \"policy\": ");
	if (report->policy_path != NULL)
		json_write_string(out, report->policy_path);
	else
		fprintf(out, "null");
	fprintf(out, ",\n");
	json_images(report->code, out);
	json_totals(report->code, out);
	if (report->authority != NULL)
		json_authority(report->authority, out);
	fprintf(out, "\n}\n");
}

/* ---- Graphviz ------------------------------------------------------------------------------ */
static void dot_id(FILE *out, const char *prefix, const char *name)
{
	fprintf(out, "\"%s:", prefix);
	for (; *name; name++)
		fputc(*name == '"' || *name == '\\' ? '_' : *name, out);
	fputc('"', out);
}

void report_dot(const struct audit_report *report, FILE *out)
{
	const struct authority *authority = report->authority;
	char rights[6];

	fprintf(out, "// tenon-audit: the capability graph after boot. Render: dot -Tsvg\n"
		     "digraph capabilities {\n  rankdir=LR;\n  node [fontname=\"sans\"];\n"
		     "  edge [fontname=\"sans\", fontsize=10];\n");
	if (authority == NULL) {
		fprintf(out, "}\n");
		return;
	}
	for (size_t p = 0; p < authority->partition_count; p++) {
		const struct partition_authority *holder = &authority->partitions[p];
		bool component = holder->partition.kind == POLICY_KIND_COMPONENT;
		fprintf(out, "  ");
		dot_id(out, "partition", holder->name);
		fprintf(out, " [shape=%s, style=filled, fillcolor=\"%s\", label=\"%s\\n%s%s%s\"];\n",
			component ? "box3d" : "box", component ? "#f4c7a1" : "#c6dbef", holder->name,
			policy_kind_name(holder->partition.kind), component ? " " : "",
			component ? policy_role_name(holder->partition.role) : "");
	}
	/* Objects: one node each, named as the audit names them. */
	const char **seen = NULL;
	size_t seen_count = 0;
	for (size_t p = 0; p < authority->partition_count; p++)
		for (size_t c = 0; c < authority->partitions[p].cap_count; c++) {
			const struct held_cap *cap = &authority->partitions[p].caps[c];
			bool known = cap->info.type == CAP_TYPE_PARTITION;
			for (size_t s = 0; s < seen_count && !known; s++)
				known = strcmp(seen[s], cap->object_name) == 0;
			if (known)
				continue;
			seen = xrealloc(seen, (seen_count + 1) * sizeof(*seen));
			seen[seen_count++] = cap->object_name;
			fprintf(out, "  ");
			dot_id(out, "object", cap->object_name);
			fprintf(out, " [shape=ellipse, label=\"%s\\n(%s)\"];\n", cap->object_name,
				cap_type_name(cap->info.type));
		}
	free(seen);
	for (size_t p = 0; p < authority->partition_count; p++) {
		const struct partition_authority *holder = &authority->partitions[p];
		for (size_t c = 0; c < holder->cap_count; c++) {
			const struct held_cap *cap = &holder->caps[c];
			fprintf(out, "  ");
			dot_id(out, "partition", holder->name);
			fprintf(out, " -> ");
			if (cap->info.type == CAP_TYPE_PARTITION)
				dot_id(out, "partition", cap->object_name);
			else
				dot_id(out, "object", cap->object_name);
			fprintf(out, " [label=\"%s\"%s];\n", rights_text(cap->info.rights, rights),
				cap->origin == ORIGIN_ROOT	   ? ", color=gray70, fontcolor=gray50"
				: cap->origin == ORIGIN_GRANT ? ", color=red, penwidth=2"
							      : "");
		}
	}
	fprintf(out, "}\n");
}
