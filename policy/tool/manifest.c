/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reading a manifest: dtc turns the source into a flattened tree, libfdt walks it, and every
 * property is checked for its type and size here, before any rule of validate.c looks at it.
 */
#include <ctype.h>
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

static void *read_file(const char *file, size_t *size)
{
	FILE *f = fopen(file, "rb");
	char *data = NULL;
	size_t used = 0, capacity = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (used == capacity) {
			capacity = capacity ? capacity * 2 : 65536;
			char *bigger = realloc(data, capacity);
			if (!bigger) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = bigger;
		}
		size_t got = fread(data + used, 1, capacity - used, f);
		used += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*size = used;
	return data;
}

/* dtc prints its own located errors (file:line.column); we only add that nothing came out. */
static void *compile_source(const char *file, size_t *size)
{
	char output[] = "/tmp/tenon-policy-XXXXXX";
	int fd = mkstemp(output);
	void *data = NULL;

	if (fd < 0)
		return NULL;
	close(fd);
	pid_t child = fork();
	if (child == 0) {
		/* -q: dtc's style warnings (unit names without reg) mean nothing in a manifest. */
		execlp("dtc", "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", output, file, (char *)NULL);
		fprintf(stderr, "%s: cannot run dtc: %s\n", file, strerror(errno));
		_exit(127);
	}
	int status = 0;
	if (child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		data = read_file(output, size);
	unlink(output);
	return data;
}

void *load_devicetree(const char *file, size_t *size)
{
	size_t length = 0;
	void *data = read_file(file, &length);

	if (!data) {
		fprintf(stderr, "%s: cannot read: %s\n", file, strerror(errno));
		return NULL;
	}
	if (length >= 4 && fdt_magic(data) == FDT_MAGIC) {
		/*
		 * The dtb library's check, not libfdt's alone: libfdt 1.6.1 crashes on some blobs
		 * (dtb_check.c). It trusts the header's totalsize bytes to be there; the file must
		 * hold them.
		 */
		struct dtb_diagnostic d = {.expected = "a header and totalsize bytes"};
		if (length < sizeof(struct fdt_header) || fdt_totalsize(data) > length ||
		    dtb_check(data, &d) != DTB_OK) {
			fprintf(stderr, "%s: not a valid devicetree blob: expected %s\n", file,
				d.expected);
			free(data);
			return NULL;
		}
		*size = length;
		return data;
	}
	free(data);
	data = compile_source(file, &length);
	if (!data) {
		fprintf(stderr, "%s: dtc could not compile the manifest (its message is above)\n",
			file);
		return NULL;
	}
	*size = length;
	return data;
}

/* ---- Typed property access ----------------------------------------------------------------- */

struct node {
	struct manifest *m;
	const void *fdt;
	int offset;
	char path[PATH_SIZE];
};

static bool printable_strings(const char *data, int length)
{
	if (length <= 0 || data[length - 1] != '\0' || data[0] == '\0')
		return false;
	for (int i = 0; i < length; i++) {
		if (data[i] == '\0') {
			if (i + 1 < length && data[i + 1] == '\0')
				return false;
		} else if (!isprint((unsigned char)data[i])) {
			return false;
		}
	}
	return true;
}

/* What a property holds, in dts syntax, for "found ..." */
static const char *describe(const void *data, int length)
{
	char buffer[256] = "";
	size_t used = 0;

	if (length == 0)
		return "an empty property";
	if (printable_strings(data, length)) {
		for (int i = 0; i < length && used < 200; i += (int)strlen((const char *)data + i) + 1)
			used += (size_t)snprintf(buffer + used, sizeof(buffer) - used, "%s\"%s\"",
						 i ? ", " : "", (const char *)data + i);
		return text("%s", buffer);
	}
	if (length % 4 == 0) {
		const fdt32_t *cells = data;
		used += (size_t)snprintf(buffer, sizeof(buffer), "<");
		for (int i = 0; i < length / 4 && i < 8; i++)
			used += (size_t)snprintf(buffer + used, sizeof(buffer) - used, "%s0x%x",
						 i ? " " : "", fdt32_to_cpu(cells[i]));
		snprintf(buffer + used, sizeof(buffer) - used, "%s>", length / 4 > 8 ? " ..." : "");
		return text("%s", buffer);
	}
	return text("%d bytes of binary data", length);
}

/*
 * The first byte that is not printable ASCII in what is plainly text: one NUL-terminated string,
 * mostly printable. -1 otherwise (then describe() says what it is, cells for instance).
 */
static int unprintable_at(const char *data, int length)
{
	int printable = 0, first = -1;

	if (length <= 1 || data[length - 1] != '\0' || (int)strlen(data) + 1 != length)
		return -1;
	for (int i = 0; i < length - 1; i++) {
		if (isprint((unsigned char)data[i]))
			printable++;
		else if (first < 0)
			first = i;
	}
	return printable * 2 > length - 1 ? first : -1;
}

static const void *get(struct node *n, const char *name, int *length)
{
	return fdt_getprop(n->fdt, n->offset, name, length);
}

/* A single non-empty string; false (and reported when required) otherwise. */
static bool prop_string(struct node *n, const char *name, bool required, const char *expected,
			char *out, size_t out_size)
{
	int length;
	const char *data = get(n, name, &length);

	if (!data) {
		if (required)
			report(n->m, n->path, name, expected, "nothing");
		return false;
	}
	/* A tab or a non-ASCII byte would make describe() show cells: name the byte instead. */
	int bad = unprintable_at(data, length);
	if (bad >= 0) {
		report(n->m, n->path, name, expected,
		       "a string with the non-printable byte 0x%02x at %d",
		       (unsigned char)data[bad], bad);
		return false;
	}
	if (!printable_strings(data, length) || strlen(data) + 1 != (size_t)length) {
		report(n->m, n->path, name, expected, "%s", describe(data, length));
		return false;
	}
	if ((size_t)length > out_size) {
		report(n->m, n->path, name, text("at most %zu characters", out_size - 1),
		       "%d characters", length - 1);
		return false;
	}
	memcpy(out, data, (size_t)length);
	return true;
}

/* A list of strings into count entries of size each. */
static bool prop_strings(struct node *n, const char *name, const char *expected, char *out,
			 size_t size, unsigned max, unsigned *count)
{
	int length;
	const char *data = get(n, name, &length);

	*count = 0;
	if (!data)
		return false;
	if (!printable_strings(data, length)) {
		report(n->m, n->path, name, expected, "%s", describe(data, length));
		return false;
	}
	for (int i = 0; i < length; i += (int)strlen(data + i) + 1) {
		if (*count == max || strlen(data + i) >= size) {
			report(n->m, n->path, name,
			       text("at most %u strings of at most %zu characters", max, size - 1),
			       "%s", describe(data, length));
			*count = 0;
			return false;
		}
		strcpy(out + size * (*count)++, data + i);
	}
	return true;
}

/* A list of 32-bit cells. */
static bool prop_cells(struct node *n, const char *name, const char *expected, uint32_t *out,
		       unsigned max, unsigned *count)
{
	int length;
	const fdt32_t *data = get(n, name, &length);

	*count = 0;
	if (!data)
		return false;
	if (length == 0 || length % 4 != 0 || (unsigned)length / 4 > max ||
	    printable_strings((const char *)data, length)) {
		report(n->m, n->path, name, expected, "%s", describe(data, length));
		return false;
	}
	for (int i = 0; i < length / 4; i++)
		out[(*count)++] = fdt32_to_cpu(data[i]);
	return true;
}

/* A number of one cell or, for 64-bit values, two (high cell first, as #size-cells = 2). */
static bool prop_number(struct node *n, const char *name, const char *expected, uint64_t *out)
{
	int length;
	const fdt32_t *data = get(n, name, &length);

	if (!data)
		return false;
	if ((length != 4 && length != 8) || printable_strings((const char *)data, length)) {
		report(n->m, n->path, name, expected, "%s", describe(data, length));
		return false;
	}
	*out = fdt32_to_cpu(data[0]);
	if (length == 8)
		*out = (*out << 32) | fdt32_to_cpu(data[1]);
	return true;
}

static bool prop_flag(struct node *n, const char *name)
{
	int length;
	const void *data = get(n, name, &length);

	if (!data)
		return false;
	if (length != 0) {
		report(n->m, n->path, name, "an empty property (a flag: present or absent)", "%s",
		       describe(data, length));
		return false;
	}
	return true;
}

static bool in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

static const char *join(const char *const *list)
{
	char buffer[400] = "";

	for (; *list; list++) {
		if (buffer[0])
			strcat(buffer, ", ");
		strcat(buffer, *list);
	}
	return text("%s", buffer);
}

/* Every property of the node must be one of allowed, every child one of children (NULL: none). */
static const char *const ANY_CHILD[] = {NULL};

static void check_shape(struct node *n, const char *what, const char *const *allowed,
			const char *const *children)
{
	int property;

	fdt_for_each_property_offset(property, n->fdt, n->offset)
	{
		const char *name;
		int length;
		const void *data = fdt_getprop_by_offset(n->fdt, property, &name, &length);
		if (data && !in_list(name, allowed))
			report(n->m, n->path, name,
			       allowed[0] ? text("a property of %s (%s)", what, join(allowed))
					  : text("no property in %s", what),
			       "unknown property");
	}
	int child;
	fdt_for_each_subnode(child, n->fdt, n->offset)
	{
		const char *name = fdt_get_name(n->fdt, child, NULL);
		if (children != ANY_CHILD && (!children || !in_list(name, children)))
			report(n->m, text("%s/%s", strcmp(n->path, "/") ? n->path : "", name), "",
			       text("%s", children ? text("no other node in %s than %s", what,
							  join(children))
						   : text("no node inside %s", what)),
			       "unknown node \"%s\"", name);
	}
}

static void child_node(struct node *parent, int offset, struct node *child)
{
	child->m = parent->m;
	child->fdt = parent->fdt;
	child->offset = offset;
	int length = snprintf(child->path, sizeof(child->path), "%s/%s",
			      strcmp(parent->path, "/") ? parent->path : "",
			      fdt_get_name(parent->fdt, offset, NULL));
	if (length < 0 || (size_t)length >= sizeof(child->path))
		strcpy(child->path + sizeof(child->path) - 4, "...");
}

/* An object's name is its node name without the unit address. */
static void node_name(struct node *n, char *out)
{
	const char *name = fdt_get_name(n->fdt, n->offset, NULL);
	size_t length = strcspn(name, "@");

	if (length >= NAME_SIZE)
		length = NAME_SIZE - 1;
	memcpy(out, name, length);
	out[length] = '\0';
}

/* Mortise keeps a partition's name for its console lines; a longer one would lose its tail. */
static void check_partition_name(struct node *n)
{
	const char *name = fdt_get_name(n->fdt, n->offset, NULL);
	size_t length = strcspn(name, "@");

	if (length > PARTITION_NAME_MAX)
		report(n->m, n->path, "",
		       text("a name of at most %d characters, all that Mortise keeps "
			    "(HC_PARTITION_NAME_SIZE in caps/caps.h)",
			    PARTITION_NAME_MAX),
		       "\"%.*s\", %zu characters", (int)length, name, length);
}

/* ---- The schema ---------------------------------------------------------------------------- */

static const char *const root_properties[] = {"compatible", "hypervisor-memory", NULL};
static const char *const root_children[] = {"partitions", "pools", "channels", NULL};
static const char *const partition_properties[] = {
	"kind", "component", "image", "cpus", "pool", "vcpus", "memory-size", "memory-range",
	"devices", "irqs", "console", "console-budget", "vmm", "initrd", "bootargs", "pmu", "debug",
	"priority", "budget-us", "period-us", "max-instances", NULL};
/* What makes a pool's Tenon partition a template (README.md, "Templates"). */
static const char *const template_properties[] = {"priority", "budget-us", "period-us",
						  "max-instances", NULL};
static const char *const partition_children[] = {"capabilities", NULL};
static const char *const pool_properties[] = {"cpus", "scheduler", NULL};
static const char *const channel_properties[] = {"between", "size", "doorbell", "control",
						 "read-only", "linux-view", NULL};
static const char *const grant_properties[] = {"type", "of", "rights", "from", NULL};

#define EXPECT_NAME "a string naming one partition"
#define EXPECT_SIZE "a size in bytes: <size> or <size-high size-low>"

static void read_memory(struct node *n, struct m_partition *p)
{
	int size_length = -1, range_length = -1;
	bool has_size = get(n, "memory-size", &size_length) != NULL;
	bool has_range = get(n, "memory-range", &range_length) != NULL;

	if (has_size == has_range) {
		report(n->m, n->path, "memory-size",
		       "either memory-size (placed by the compiler) or memory-range (a fixed address)",
		       has_size ? "both" : "neither");
		return;
	}
	if (has_size) {
		p->has_memory = prop_number(n, "memory-size", EXPECT_SIZE, &p->size);
		return;
	}
	uint32_t cells[4];
	unsigned count;
	int length;
	if (prop_cells(n, "memory-range", "<base-high base-low size-high size-low>", cells, 4,
		       &count)) {
		if (count != 4) {
			report(n->m, n->path, "memory-range", "<base-high base-low size-high size-low>",
			       "%s", describe(get(n, "memory-range", &length), range_length));
			return;
		}
		p->fixed = true;
		p->has_memory = true;
		p->base = ((uint64_t)cells[0] << 32) | cells[1];
		p->size = ((uint64_t)cells[2] << 32) | cells[3];
	}
}

/* How a Linux partition boots: only a Linux kernel reads an initramfs and a command line. */
static void read_linux_boot(struct node *n, struct m_partition *p)
{
	static const char *const names[] = {"initrd", "bootargs"};
	static const char *const expected[] = {
		"a string naming the boot module that holds the initramfs",
		"a string of printable ASCII: the kernel command line"};
	char *const out[] = {p->initrd, p->bootargs};
	const size_t out_size[] = {sizeof(p->initrd), sizeof(p->bootargs)};
	int length;

	for (unsigned i = 0; i < 2; i++) {
		const void *data = get(n, names[i], &length);
		if (!data)
			continue;
		if (p->kind != UNRESOLVED && p->kind != POLICY_KIND_LINUX)
			report(n->m, n->path, names[i],
			       text("no \"%s\" unless kind is \"linux\"", names[i]), "%s",
			       describe(data, length));
		else
			prop_string(n, names[i], false, expected[i], out[i], out_size[i]);
	}
}

/* console-budget = <bytes period-us>: what the root gives HC_PARTITION_SET_CONSOLE_BUDGET. */
static void read_console_budget(struct node *n, struct m_partition *p)
{
	static const char expected[] = "<bytes period-us>: two cells";
	uint32_t cells[2];
	unsigned count;
	int length;
	const void *data = get(n, "console-budget", &length);

	if (!data)
		return;
	if (!p->console) {
		report(n->m, n->path, "console-budget",
		       "no \"console-budget\" without \"console\"", "%s", describe(data, length));
		return;
	}
	if (!prop_cells(n, "console-budget", expected, cells, 2, &count))
		return;
	if (count != 2)
		report(n->m, n->path, "console-budget", expected, "%s", describe(data, length));
	else if (cells[0] == 0 || cells[0] > HC_CONSOLE_BUDGET_MAX_BYTES)
		report(n->m, n->path, "console-budget",
		       text("bytes per period from 1 to %u", HC_CONSOLE_BUDGET_MAX_BYTES), "%u",
		       cells[0]);
	else if (cells[1] == 0 || cells[1] > HC_CONSOLE_PERIOD_MAX_US)
		report(n->m, n->path, "console-budget",
		       text("a period from 1 to %u microseconds", HC_CONSOLE_PERIOD_MAX_US), "%u",
		       cells[1]);
	else {
		p->console_bytes = cells[0];
		p->console_period_us = cells[1];
	}
}

/* One cell from low to high into *out; false (reported) when present and wrong, or absent. */
static bool prop_bounded(struct node *n, const char *name, uint32_t low, uint32_t high,
			 uint32_t *out)
{
	const char *expected = text("one cell from %u to %u", low, high);
	uint32_t value;
	unsigned count;
	int length;

	if (!get(n, name, &length) || !prop_cells(n, name, expected, &value, 1, &count))
		return false;
	if (value < low || value > high) {
		report(n->m, n->path, name, expected, "%u", value);
		return false;
	}
	*out = value;
	return true;
}

/*
 * A pool's partition is a template the scheduler makes instances of: their default priority,
 * budget and period, and how many may run at once. Defaults: the lowest priority, no budget
 * enforcement (budget = period), one instance.
 */
static void read_template(struct node *n, struct m_partition *p)
{
	int length;

	p->priority = POLICY_TEMPLATE_DEFAULT_PRIORITY;
	p->budget_us = p->period_us = POLICY_TEMPLATE_DEFAULT_PERIOD_US;
	p->max_instances = 1;
	if (!p->pool[0]) {
		for (const char *const *name = template_properties; *name; name++)
			if (get(n, *name, &length))
				report(n->m, n->path, *name,
				       text("no \"%s\" outside a pool (only templates have it)",
					    *name),
				       "%s", describe(get(n, *name, &length), length));
		return;
	}
	uint32_t value;
	if (prop_bounded(n, "priority", 1, CAP_SCHED_PRIORITY_MAX, &value))
		p->priority = (uint8_t)value;
	if (prop_bounded(n, "max-instances", 1, POLICY_TEMPLATE_INSTANCES_MAX, &value))
		p->max_instances = (uint16_t)value;
	bool has_budget = get(n, "budget-us", &length) != NULL;
	bool has_period = get(n, "period-us", &length) != NULL;
	if (has_budget != has_period) {
		report(n->m, n->path, has_budget ? "period-us" : "budget-us",
		       "both \"budget-us\" and \"period-us\", or neither", "only \"%s\"",
		       has_budget ? "budget-us" : "period-us");
		return;
	}
	uint32_t budget, period;
	if (!has_budget ||
	    !prop_bounded(n, "period-us", 1, POLICY_TEMPLATE_PERIOD_MAX_US, &period) ||
	    !prop_bounded(n, "budget-us", 1, POLICY_TEMPLATE_PERIOD_MAX_US, &budget))
		return;
	if (budget > period) {
		report(n->m, n->path, "budget-us",
		       text("a budget no longer than the period (%u us)", period), "%u", budget);
		return;
	}
	p->budget_us = budget;
	p->period_us = period;
}

static void read_grant(struct node *n, int holder)
{
	struct manifest *m = n->m;
	if (m->grant_count == MAX_GRANTS) {
		report(m, n->path, "", text("at most %d capabilities in a manifest", MAX_GRANTS),
		       "more");
		return;
	}
	struct m_grant *g = &m->grants[m->grant_count++];
	char type[32];
	char rights[8][NAME_SIZE];
	unsigned count;
	bool ok = true;

	memset(g, 0, sizeof(*g));
	snprintf(g->path, sizeof(g->path), "%s", n->path);
	g->holder = holder;
	g->type = UNRESOLVED;
	g->object = UNRESOLVED;
	g->grantor = UNRESOLVED;
	check_shape(n, "a capability", grant_properties, NULL);
	static const char type_expected[] =
		"one of \"partition\", \"vcpu\", \"memory\", \"endpoint\", \"channel\", "
		"\"sched-context\", \"console\"";
	if (prop_string(n, "type", true, type_expected, type, sizeof(type))) {
		g->type = cap_type_from_name(type);
		if (g->type == UNRESOLVED || g->type == CAP_TYPE_IRQ) {
			report(m, n->path, "type", type_expected, "\"%s\"", type);
			g->type = UNRESOLVED;
		}
	}
	ok = g->type != UNRESOLVED;
	int length;
	if (g->type == CAP_TYPE_CONSOLE) {
		if (get(n, "of", &length)) {
			report(m, n->path, "of", "no \"of\" for a console capability (there is one console)",
			       "%s", describe(get(n, "of", &length), length));
			ok = false;
		}
	} else if (!prop_string(n, "of", true,
				"a string naming the partition, channel or pool the capability is over",
				g->of, sizeof(g->of))) {
		ok = false;
	}
	static const char rights_expected[] =
		"a list of \"read\", \"write\", \"execute\", \"grant\", \"control\"";
	if (!get(n, "rights", &length)) {
		report(m, n->path, "rights", rights_expected, "nothing");
		ok = false;
	} else if (prop_strings(n, "rights", rights_expected, &rights[0][0], NAME_SIZE, 8, &count)) {
		for (unsigned i = 0; i < count; i++) {
			unsigned right = right_from_name(rights[i]);
			if (!right) {
				report(m, n->path, "rights", rights_expected, "\"%s\"", rights[i]);
				ok = false;
			}
			g->rights |= right;
		}
	} else {
		ok = false;
	}
	if (get(n, "from", &length)) {
		if (!prop_string(n, "from", false, EXPECT_NAME " (a component)", g->from,
				 sizeof(g->from)))
			ok = false;
	} else {
		g->from[0] = '\0'; /* the root component, resolved later */
	}
	g->complete = ok;
}

static void read_partition(struct node *n)
{
	struct manifest *m = n->m;
	if (m->partition_count == MAX_PARTITIONS) {
		report(m, n->path, "", text("at most %d partitions", MAX_PARTITIONS), "more");
		return;
	}
	int index = (int)m->partition_count++;
	struct m_partition *p = &m->partitions[index];
	char value[NAME_SIZE];
	int length;

	memset(p, 0, sizeof(*p));
	node_name(n, p->name);
	snprintf(p->path, sizeof(p->path), "%s", n->path);
	check_partition_name(n);
	p->kind = p->role = UNRESOLVED;
	p->pool_index = p->vmm_index = UNRESOLVED;
	p->vcpus = 1;
	check_shape(n, "a partition", partition_properties, partition_children);

	static const char kind_expected[] = "one of \"tenon\", \"linux\", \"component\"";
	if (prop_string(n, "kind", true, kind_expected, value, sizeof(value))) {
		for (int k = 0; k < POLICY_KIND_COUNT; k++)
			if (strcmp(value, policy_kind_name(k)) == 0)
				p->kind = k;
		if (p->kind == UNRESOLVED)
			report(m, n->path, "kind", kind_expected, "\"%s\"", value);
	}
	static const char role_expected[] = "one of \"root\", \"sched\", \"linux-vmm\"";
	if (p->kind == POLICY_KIND_COMPONENT) {
		if (prop_string(n, "component", true, role_expected, value, sizeof(value))) {
			for (int r = POLICY_ROLE_ROOT; r < POLICY_ROLE_COUNT; r++)
				if (strcmp(value, policy_role_name(r)) == 0)
					p->role = r;
			if (p->role == UNRESOLVED)
				report(m, n->path, "component", role_expected, "\"%s\"", value);
		}
	} else if (p->kind != UNRESOLVED) {
		p->role = POLICY_ROLE_NONE;
		if (get(n, "component", &length))
			report(m, n->path, "component",
			       "no \"component\" unless kind is \"component\"",
			       "%s", describe(get(n, "component", &length), length));
	}
	prop_string(n, "image", true, "a string naming the image file", p->image,
		    sizeof(p->image));

	bool has_cpus = get(n, "cpus", &length) != NULL;
	bool has_pool = get(n, "pool", &length) != NULL;
	if (has_cpus == has_pool) {
		report(m, n->path, "cpus",
		       "either cpus (static, one vCPU per CPU) or pool (dynamic, in a pool)",
		       has_cpus ? "both" : "neither");
	} else if (has_cpus) {
		p->has_cpus = prop_cells(n, "cpus", text("<cpu-id ...>, at most %d CPUs", MAX_LIST),
					 p->cpus, MAX_LIST, &p->cpu_count);
		p->vcpus = p->cpu_count;
		if (get(n, "vcpus", &length))
			report(m, n->path, "vcpus",
			       "no \"vcpus\" for a static partition (one vCPU per CPU in cpus)", "%s",
			       describe(get(n, "vcpus", &length), length));
	} else {
		prop_string(n, "pool", true, "a string naming a pool under /pools", p->pool,
			    sizeof(p->pool));
		uint32_t vcpus;
		unsigned count;
		if (get(n, "vcpus", &length) &&
		    prop_cells(n, "vcpus", "<count>, one cell from 1 to 8", &vcpus, 1, &count)) {
			if (vcpus == 0 || vcpus > CONFIG_MAX_CPUS)
				report(m, n->path, "vcpus",
				       text("a vCPU count from 1 to %d", CONFIG_MAX_CPUS), "%u",
				       vcpus);
			else
				p->vcpus = vcpus;
		}
	}
	read_memory(n, p);
	read_linux_boot(n, p);
	read_template(n, p);

	char devices[MAX_LIST][PATH_SIZE];
	if (prop_strings(n, "devices", "a list of node paths in the platform devicetree",
			 &devices[0][0], PATH_SIZE, MAX_LIST, &p->device_count))
		for (unsigned i = 0; i < p->device_count; i++)
			snprintf(p->devices[i].path, PATH_SIZE, "%s", devices[i]);
	prop_cells(n, "irqs", text("<intid ...>: at most %d SPI INTIDs", MAX_LIST), p->irqs,
		   MAX_LIST, &p->irq_count);
	p->console = prop_flag(n, "console");
	read_console_budget(n, p);
	p->pmu = prop_flag(n, "pmu");
	p->debug = prop_flag(n, "debug");
	if (get(n, "vmm", &length))
		prop_string(n, "vmm", false, EXPECT_NAME " (its VMM component)", p->vmm,
			    sizeof(p->vmm));

	int caps = fdt_subnode_offset(n->fdt, n->offset, "capabilities");
	if (caps >= 0) {
		struct node caps_node;
		child_node(n, caps, &caps_node);
		check_shape(&caps_node, "capabilities", (const char *const[]){NULL}, ANY_CHILD);
		int child;
		fdt_for_each_subnode(child, n->fdt, caps)
		{
			struct node grant;
			child_node(&caps_node, child, &grant);
			read_grant(&grant, index);
		}
	}
}

static void read_pool(struct node *n)
{
	struct manifest *m = n->m;
	if (m->pool_count == MAX_POOLS) {
		report(m, n->path, "", text("at most %d pools", MAX_POOLS), "more");
		return;
	}
	struct m_pool *pool = &m->pools[m->pool_count++];
	int length;

	memset(pool, 0, sizeof(*pool));
	node_name(n, pool->name);
	snprintf(pool->path, sizeof(pool->path), "%s", n->path);
	pool->scheduler_index = UNRESOLVED;
	check_shape(n, "a pool", pool_properties, NULL);
	if (!get(n, "cpus", &length))
		report(m, n->path, "cpus", "<cpu-id ...>: the CPUs the pool shares", "nothing");
	else
		prop_cells(n, "cpus", text("<cpu-id ...>, at most %d CPUs", MAX_LIST), pool->cpus,
			   MAX_LIST, &pool->cpu_count);
	prop_string(n, "scheduler", true, EXPECT_NAME " (a \"sched\" component)", pool->scheduler,
		    sizeof(pool->scheduler));
}

static void read_channel(struct node *n)
{
	struct manifest *m = n->m;
	if (m->channel_count == MAX_CHANNELS) {
		report(m, n->path, "", text("at most %d channels", MAX_CHANNELS), "more");
		return;
	}
	struct m_channel *c = &m->channels[m->channel_count++];
	char ends[2][NAME_SIZE];
	unsigned count;
	int length;
	static const char between_expected[] = "two strings naming the partitions at its ends";

	memset(c, 0, sizeof(*c));
	node_name(n, c->name);
	snprintf(c->path, sizeof(c->path), "%s", n->path);
	c->end_index[0] = c->end_index[1] = UNRESOLVED;
	check_shape(n, "a channel", channel_properties, NULL);
	if (!get(n, "between", &length)) {
		report(m, n->path, "between", between_expected, "nothing");
	} else if (prop_strings(n, "between", between_expected, &ends[0][0], NAME_SIZE, 2, &count)) {
		if (count != 2) {
			report(m, n->path, "between", between_expected, "%s",
			       describe(get(n, "between", &length), length));
		} else {
			memcpy(c->ends, ends, sizeof(ends));
		}
	}
	if (!get(n, "size", &length))
		report(m, n->path, "size", EXPECT_SIZE " of the shared memory", "nothing");
	else
		c->has_size = prop_number(n, "size", EXPECT_SIZE, &c->size);
	c->doorbell = prop_flag(n, "doorbell");
	c->control = prop_flag(n, "control");
	c->read_only = prop_flag(n, "read-only");
	if (c->read_only && !c->control)
		report(m, n->path, "read-only", "\"read-only\" only on a \"control\" channel",
		       "no \"control\"");
	static const char view_expected[] = "one of \"raw\", \"pci\"";
	char view[NAME_SIZE];
	if (prop_string(n, "linux-view", false, view_expected, view, sizeof(view))) {
		if (strcmp(view, "pci") == 0)
			c->linux_pci = true;
		else if (strcmp(view, "raw") != 0)
			report(m, n->path, "linux-view", view_expected, "\"%s\"", view);
	}
}

static void read_group(struct node *root, const char *group, void (*read)(struct node *n))
{
	int offset = fdt_subnode_offset(root->fdt, root->offset, group);
	if (offset < 0)
		return;
	struct node parent;
	child_node(root, offset, &parent);
	check_shape(&parent, text("/%s", group), (const char *const[]){NULL}, ANY_CHILD);
	int child;
	fdt_for_each_subnode(child, root->fdt, offset)
	{
		struct node n;
		child_node(&parent, child, &n);
		read(&n);
	}
}

bool manifest_read(struct manifest *m, const void *fdt)
{
	struct node root = {.m = m, .fdt = fdt, .offset = 0, .path = "/"};
	char compatible[NAME_SIZE];
	static const char compatible_expected[] = "\"tenonos,policy-1\"";

	m->hypervisor_memory = MORTISE_MEMORY_BYTES;
	check_shape(&root, "the manifest root", root_properties, root_children);
	if (prop_string(&root, "compatible", true, compatible_expected, compatible,
			sizeof(compatible)) &&
	    strcmp(compatible, "tenonos,policy-1") != 0)
		report(m, "/", "compatible", compatible_expected, "\"%s\"", compatible);
	int length;
	if (get(&root, "hypervisor-memory", &length))
		prop_number(&root, "hypervisor-memory", EXPECT_SIZE, &m->hypervisor_memory);
	if (fdt_subnode_offset(fdt, 0, "partitions") < 0)
		report(m, "/", "", "a node \"partitions\" with one node per partition",
		       "no such node");
	read_group(&root, "partitions", read_partition);
	read_group(&root, "pools", read_pool);
	read_group(&root, "channels", read_channel);
	return true;
}
