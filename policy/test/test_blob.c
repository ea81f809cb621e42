/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "array_length.h"
#include "policy_blob.h"

/* "\0root\0rt\0img\0/dev@0\0shared\0link\0console=ttyAMA0 quiet\0" */
static const char strings[] = "\0root\0rt\0img\0/dev@0\0shared\0link\0console=ttyAMA0 quiet";
enum { S_ROOT = 1, S_RT = 6, S_IMG = 9, S_DEV = 13, S_SHARED = 20, S_LINK = 27, S_ARGS = 32 };

static struct policy_partition partitions[2];
static struct policy_memory memory[2];
static struct policy_cpu cpus[3];
static struct policy_pool pools[1];
static struct policy_device devices[1];
static struct policy_irq irqs[2];
static struct policy_channel channels[1];
static struct policy_grant grants[2];
static struct policy_tables tables;
static uint8_t blob[4096];
static size_t blob_size;

static void sample(void)
{
	partitions[0] = (struct policy_partition){S_ROOT, S_IMG, POLICY_KIND_COMPONENT,
						  POLICY_ROLE_ROOT, POLICY_PARTITION_CONSOLE,
						  POLICY_NONE, POLICY_NONE, 1, 0, 0, 4096, 100000,
						  0, 0, 0, 0};
	/* A template of pool 0. */
	partitions[1] = (struct policy_partition){S_RT, S_IMG, POLICY_KIND_TENON, POLICY_ROLE_NONE,
						  0, POLICY_NONE, 0, 2, 0, 0, 0, 0,
						  2000, 10000, 10, 3};
	memory[0] = (struct policy_memory){0x42000000, 0x1000000, 0, 0};
	memory[1] = (struct policy_memory){0x50000000, 0x2000000, 1, POLICY_MEMORY_FIXED};
	cpus[0] = (struct policy_cpu){0, POLICY_CPU_STATIC, 0};
	cpus[1] = (struct policy_cpu){2, POLICY_CPU_POOL, 0};
	cpus[2] = (struct policy_cpu){3, POLICY_CPU_POOL, 0};
	pools[0] = (struct policy_pool){S_SHARED, 0};
	devices[0] = (struct policy_device){S_DEV, 1, 0xa000000, 0x200};
	irqs[0] = (struct policy_irq){48, 1, 0};
	irqs[1] = (struct policy_irq){1019, 0, POLICY_NONE};
	channels[0] = (struct policy_channel){S_LINK, 0, 1, 0x60000000, 0x1000,
					      POLICY_CHANNEL_DOORBELL | POLICY_CHANNEL_LINUX_PCI};
	grants[0] = (struct policy_grant){.holder = 0, .grantor = 0, .type = CAP_TYPE_PARTITION,
					  .rights = CAP_RIGHT_CONTROL, .object = 1};
	grants[1] = (struct policy_grant){.holder = 1, .grantor = 0, .type = CAP_TYPE_CHANNEL,
					  .rights = CAP_RIGHT_READ | CAP_RIGHT_GRANT, .object = 0};
	tables = (struct policy_tables){
		.strings = strings, .strings_size = sizeof(strings),
		.partitions = partitions, .memory = memory, .cpus = cpus, .pools = pools,
		.devices = devices, .irqs = irqs, .channels = channels, .grants = grants,
		.count = {0, 2, 2, 3, 1, 1, 2, 1, 2},
	};
}

static int setup(void **state)
{
	(void)state;
	sample();
	return 0;
}

static enum policy_status write_and_open(struct policy_blob *opened, struct policy_diagnostic *d)
{
	assert_int_equal(policy_blob_write(&tables, blob, sizeof(blob), &blob_size), POLICY_OK);
	return policy_blob_open(opened, blob, blob_size, d);
}

/* After a raw patch: the CRC again, so the check under test is the one that fires. */
static void reseal(void)
{
	memset(blob + 12, 0, 4);
	uint32_t crc = policy_crc32(blob, blob_size);
	for (unsigned i = 0; i < 4; i++)
		blob[12 + i] = (uint8_t)(crc >> (8 * i));
}

static uint32_t table_offset(enum policy_table t)
{
	const uint8_t *p = blob + 24 + 16 * t;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_crc32_standard_vector(void **state)
{
	(void)state;
	assert_int_equal(policy_crc32("123456789", 9), 0xcbf43926u);
	assert_int_equal(policy_crc32("", 0), 0);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;

	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	assert_int_equal(d.status, POLICY_OK);
	assert_int_equal(blob_size % 8, 0);
	assert_int_equal(b.size, blob_size);
	assert_int_equal(policy_blob_count(&b, POLICY_TABLE_PARTITIONS), 2);
	assert_int_equal(policy_blob_count(&b, POLICY_TABLE_STRINGS), sizeof(strings));
	assert_int_equal(policy_blob_count(&b, POLICY_TABLE_HEADER), 0);

	struct policy_partition p;
	assert_true(policy_blob_partition(&b, 1, &p));
	assert_true(p.name == S_RT && p.image == S_IMG && p.kind == POLICY_KIND_TENON &&
		    p.role == POLICY_ROLE_NONE && p.flags == 0 && p.vmm == POLICY_NONE &&
		    p.pool == 0 && p.vcpus == 2 && p.initrd == 0 && p.bootargs == 0 &&
		    p.console_bytes == 0 && p.console_period_us == 0 && p.budget_us == 2000 &&
		    p.period_us == 10000 && p.priority == 10 && p.max_instances == 3);
	assert_string_equal(policy_blob_string(&b, p.name), "rt");
	assert_true(policy_blob_partition(&b, 0, &p));
	assert_true(p.console_bytes == 4096 && p.console_period_us == 100000);
	assert_false(policy_blob_partition(&b, 2, &p));
	assert_string_equal(policy_blob_string(&b, 9999), "");

	struct policy_memory mem;
	assert_true(policy_blob_memory(&b, 1, &mem));
	assert_true(mem.base == 0x50000000 && mem.size == 0x2000000 && mem.partition == 1 &&
		    mem.flags == POLICY_MEMORY_FIXED);
	struct policy_cpu cpu;
	assert_true(policy_blob_cpu(&b, 2, &cpu));
	assert_true(cpu.cpu == 3 && cpu.owner_kind == POLICY_CPU_POOL && cpu.owner == 0);
	struct policy_pool pool;
	assert_true(policy_blob_pool(&b, 0, &pool));
	assert_string_equal(policy_blob_string(&b, pool.name), "shared");
	struct policy_device dev;
	assert_true(policy_blob_device(&b, 0, &dev));
	assert_true(dev.base == 0xa000000 && dev.size == 0x200 && dev.partition == 1);
	assert_string_equal(policy_blob_string(&b, dev.path), "/dev@0");
	struct policy_irq irq;
	assert_true(policy_blob_irq(&b, 1, &irq));
	assert_int_equal(irq.intid, 1019);
	struct policy_channel c;
	assert_true(policy_blob_channel(&b, 0, &c));
	assert_true(c.first == 0 && c.second == 1 && c.base == 0x60000000 &&
		    c.flags == (POLICY_CHANNEL_DOORBELL | POLICY_CHANNEL_LINUX_PCI));
	struct policy_grant g;
	assert_true(policy_blob_grant(&b, 1, &g));
	assert_true(g.holder == 1 && g.grantor == 0 && g.type == CAP_TYPE_CHANNEL &&
		    g.rights == (CAP_RIGHT_READ | CAP_RIGHT_GRANT) && g.object == 0 && g.flags == 0);
	assert_false(policy_blob_grant(&b, 2, &g));

	/* A sched context over a partition's CPUs keeps its flag through the blob. */
	grants[0] = (struct policy_grant){.holder = 0, .grantor = 0,
					  .type = CAP_TYPE_SCHED_CONTEXT,
					  .rights = CAP_RIGHT_CONTROL, .object = 1,
					  .flags = POLICY_GRANT_PARTITION_CPUS};
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	assert_true(policy_blob_grant(&b, 0, &g));
	assert_true(g.type == CAP_TYPE_SCHED_CONTEXT && g.object == 1 &&
		    g.flags == POLICY_GRANT_PARTITION_CPUS);
}

static void test_reader_accepts_unaligned_blob(void **state)
{
	(void)state;
	static uint8_t shifted[4096 + 1];
	struct policy_blob b;

	assert_int_equal(policy_blob_write(&tables, blob, sizeof(blob), &blob_size), POLICY_OK);
	memcpy(shifted + 1, blob, blob_size);
	assert_int_equal(policy_blob_open(&b, shifted + 1, blob_size, NULL), POLICY_OK);
	/* Trailing bytes beyond the declared size (a padded boot module) are ignored. */
	assert_int_equal(policy_blob_open(&b, blob, sizeof(blob), NULL), POLICY_OK);
	assert_int_equal(b.size, blob_size);
}

static void test_every_corrupted_byte_is_refused(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;

	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	for (size_t i = 0; i < blob_size; i++) {
		for (unsigned flip = 1; flip < 256; flip <<= 1) {
			blob[i] ^= (uint8_t)flip;
			assert_int_not_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_OK);
			assert_int_not_equal(d.status, POLICY_OK);
			assert_non_null(d.what);
			assert_null(b.data); /* nothing half-open */
			blob[i] ^= (uint8_t)flip;
		}
	}
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_OK);
}

static void test_every_truncation_is_refused(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;

	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	for (size_t size = 0; size < blob_size; size++) {
		assert_int_equal(policy_blob_open(&b, blob, size, &d), POLICY_ERR_TRUNCATED);
		assert_int_equal(d.table, POLICY_TABLE_HEADER);
	}
	assert_int_equal(policy_blob_open(&b, NULL, 100, &d), POLICY_ERR_TRUNCATED);
}

static void test_bad_checksum_names_the_field(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;

	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	blob[blob_size - 1] ^= 0x80;
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_CHECKSUM);
	assert_int_equal(d.offset, 12);
	assert_int_equal(d.table, POLICY_TABLE_HEADER);
}

static void test_header_fields(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;

	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	blob[0] = 'X';
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_MAGIC);
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	blob[4] = 2;
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_VERSION);
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	blob[20] = 3; /* table count */
	reseal();
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_SIZE);
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	blob[10] = 0x20; /* total size 2 MiB + ... */
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_SIZE);
}

static void test_table_bounds(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;
	uint8_t *grants_desc = blob + 24 + 16 * POLICY_TABLE_GRANTS;

	/* Misaligned. */
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	grants_desc[0] += 4;
	reseal();
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_TABLE);
	assert_int_equal(d.offset, 24 + 16 * POLICY_TABLE_GRANTS);
	/* Past the end: a count so large that count * size wraps 32 bits. */
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	grants_desc[4] = 0;
	grants_desc[5] = 0;
	grants_desc[6] = 0;
	grants_desc[7] = 0x10;
	reseal();
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_TABLE);
	/* Overlapping another table. */
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	uint32_t channels_at = table_offset(POLICY_TABLE_CHANNELS);
	memcpy(grants_desc, &channels_at, 4);
	reseal();
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_TABLE);
	/* Wrong entry size. */
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	grants_desc[8] = 12;
	reseal();
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_TABLE);
	/* A string table that does not end with NUL. */
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	blob[table_offset(POLICY_TABLE_STRINGS) + sizeof(strings) - 1] = 'x';
	reseal();
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_STRING);
}

struct bad_case {
	const char *name;
	void (*spoil)(void);
	enum policy_status status;
	enum policy_table table;
	uint32_t index;
};

static void name_outside(void) { partitions[1].name = sizeof(strings); }
static void name_empty(void) { pools[0].name = 0; }
static void vmm_missing(void) { partitions[1].vmm = 2; }
static void vmm_self(void) { partitions[1].vmm = 1; }
static void pool_missing(void) { partitions[1].pool = 1; }
static void kind_unknown(void) { partitions[1].kind = POLICY_KIND_COUNT; }
static void role_on_tenon(void) { partitions[1].role = POLICY_ROLE_SCHED; }
static void no_vcpus(void) { partitions[0].vcpus = 0; }
static void flag_unknown(void) { partitions[0].flags = 0x80; }
static void pmu_on_root(void) { partitions[0].flags = POLICY_PARTITION_PMU; }
static void debug_on_root(void) { partitions[0].flags = POLICY_PARTITION_DEBUG; }
static void memory_wraps(void) { memory[1].base = UINT64_MAX - 0xfff; }
static void memory_owner(void) { memory[0].partition = 2; }
static void cpu_owner(void) { cpus[1].owner = 1; }
static void cpu_beyond(void) { cpus[0].cpu = CONFIG_MAX_CPUS; }
static void scheduler_missing(void) { pools[0].scheduler = 7; }
static void device_owner(void) { devices[0].partition = POLICY_NONE; }
static void irq_ppi(void) { irqs[0].intid = 27; }
static void irq_special(void) { irqs[1].intid = 1020; }
static void irq_device_missing(void) { irqs[1].device = 1; }
static void irq_device_of_another(void) { irqs[1].device = 0; }
static void channel_same_ends(void) { channels[0].second = 0; }
static void channel_empty(void) { channels[0].size = 0; }
static void channel_flag_unknown(void) { channels[0].flags = POLICY_CHANNEL_FLAGS + 1u; }
static void channel_read_only_not_control(void) { channels[0].flags = POLICY_CHANNEL_READ_ONLY; }
static void grant_holder(void) { grants[1].holder = 2; }
static void grant_object_channel(void) { grants[1].object = 1; }
static void grant_object_partition(void) { grants[0].object = 2; }
static void grant_type_null(void) { grants[0].type = CAP_TYPE_NULL; }
static void grant_no_rights(void) { grants[0].rights = 0; }
static void grant_unknown_rights(void) { grants[0].rights = 0x20; }
static void grant_unknown_flag(void)
{
	grants[0].type = CAP_TYPE_SCHED_CONTEXT;
	grants[0].flags = 2;
}
static void grant_flag_on_partition(void) { grants[0].flags = POLICY_GRANT_PARTITION_CPUS; }
/* A sched context over partition 2's CPUs: no such partition, though pool index 0 exists. */
static void grant_cpus_of_nothing(void)
{
	grants[0].type = CAP_TYPE_SCHED_CONTEXT;
	grants[0].flags = POLICY_GRANT_PARTITION_CPUS;
	grants[0].object = 2;
}
/* Partition 1 no longer a template: the reader refuses template fields on anything else. */
static void drop_template(void)
{
	partitions[1].budget_us = partitions[1].period_us = 0;
	partitions[1].priority = 0;
	partitions[1].max_instances = 0;
}
/* Partition 1 as a Linux guest or a linux-vmm component, static on CPU 1. */
static void make_linux(void)
{
	drop_template();
	partitions[1].kind = POLICY_KIND_LINUX;
}
static void make_component(void)
{
	drop_template();
	partitions[1].kind = POLICY_KIND_COMPONENT;
	partitions[1].role = POLICY_ROLE_LINUX_VMM;
	partitions[1].pool = POLICY_NONE;
}
static void initrd_outside(void)
{
	make_linux();
	partitions[1].initrd = sizeof(strings);
}
static void initrd_empty(void)
{
	make_linux();
	partitions[1].initrd = S_RT - 1; /* the NUL that ends "root": "" but not encoded as 0 */
}
static void bootargs_outside(void)
{
	make_linux();
	partitions[1].bootargs = UINT32_MAX;
}
static void initrd_on_tenon(void) { partitions[1].initrd = S_IMG; }
static void bootargs_on_root(void) { partitions[0].bootargs = S_ARGS; }
static void bootargs_on_component(void)
{
	make_component();
	partitions[1].bootargs = S_ARGS;
}
static void cpu_root_to_tenon(void) { cpus[1] = (struct policy_cpu){0, POLICY_CPU_STATIC, 1}; }
static void cpu_root_to_linux(void)
{
	make_linux();
	cpu_root_to_tenon();
}
static void cpu_root_to_pool(void) { cpus[1] = (struct policy_cpu){0, POLICY_CPU_POOL, 0}; }
static void cpu_root_twice(void) { cpus[1] = (struct policy_cpu){0, POLICY_CPU_STATIC, 0}; }
static void cpu_component_before_root(void)
{
	make_component();
	cpus[0] = (struct policy_cpu){0, POLICY_CPU_STATIC, 1};
	cpus[1] = (struct policy_cpu){0, POLICY_CPU_STATIC, 0};
}
static void cpu_root_to_component_twice(void)
{
	make_component();
	cpus[1] = (struct policy_cpu){0, POLICY_CPU_STATIC, 1};
	cpus[2] = (struct policy_cpu){0, POLICY_CPU_STATIC, 1};
}
static void cpu_component_to_component(void)
{
	make_component();
	partitions[0].role = POLICY_ROLE_SCHED; /* no root owns CPU 0 now */
	cpus[1] = (struct policy_cpu){0, POLICY_CPU_STATIC, 1};
}
static void cpu_pool_twice(void) { cpus[2].cpu = 2; }

static void budget_without_console(void)
{
	partitions[1].console_bytes = 100;
	partitions[1].console_period_us = 1000;
}
static void budget_without_bytes(void) { partitions[0].console_bytes = 0; }
static void budget_bytes_huge(void)
{
	partitions[0].console_bytes = HC_CONSOLE_BUDGET_MAX_BYTES + 1;
}
static void budget_without_period(void) { partitions[0].console_period_us = 0; }
static void budget_period_huge(void)
{
	partitions[0].console_period_us = HC_CONSOLE_PERIOD_MAX_US + 1;
}

static void template_priority_zero(void) { partitions[1].priority = 0; }
static void template_budget_over_period(void) { partitions[1].budget_us = 10001; }
static void template_budget_zero(void) { partitions[1].budget_us = 0; }
static void template_period_huge(void)
{
	partitions[1].budget_us = partitions[1].period_us = POLICY_TEMPLATE_PERIOD_MAX_US + 1;
}
static void template_no_instances(void) { partitions[1].max_instances = 0; }
static void template_instances_huge(void)
{
	partitions[1].max_instances = POLICY_TEMPLATE_INSTANCES_MAX + 1;
}
static void template_fields_on_root(void) { partitions[0].max_instances = 1; }
static void template_fields_on_static(void)
{
	partitions[1].pool = POLICY_NONE;
	cpus[1].owner_kind = cpus[2].owner_kind = POLICY_CPU_STATIC;
	cpus[1].owner = cpus[2].owner = 1;
}
static void control_channel_without_scheduler(void)
{
	channels[0].flags |= POLICY_CHANNEL_CONTROL;
}

static void grant_console_object(void)
{
	grants[0].type = CAP_TYPE_CONSOLE;
	grants[0].object = 1;
}

static const struct bad_case bad_cases[] = {
	{"name outside", name_outside, POLICY_ERR_STRING, POLICY_TABLE_PARTITIONS, 1},
	{"empty name", name_empty, POLICY_ERR_STRING, POLICY_TABLE_POOLS, 0},
	{"vmm missing", vmm_missing, POLICY_ERR_REFERENCE, POLICY_TABLE_PARTITIONS, 1},
	{"vmm self", vmm_self, POLICY_ERR_REFERENCE, POLICY_TABLE_PARTITIONS, 1},
	{"pool missing", pool_missing, POLICY_ERR_REFERENCE, POLICY_TABLE_PARTITIONS, 1},
	{"kind", kind_unknown, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 1},
	{"role", role_on_tenon, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 1},
	{"vcpus", no_vcpus, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 0},
	{"flags", flag_unknown, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 0},
	{"pmu on the root", pmu_on_root, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 0},
	{"debug on the root", debug_on_root, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 0},
	{"memory wraps", memory_wraps, POLICY_ERR_VALUE, POLICY_TABLE_MEMORY, 1},
	{"memory owner", memory_owner, POLICY_ERR_REFERENCE, POLICY_TABLE_MEMORY, 0},
	{"cpu owner", cpu_owner, POLICY_ERR_REFERENCE, POLICY_TABLE_CPUS, 1},
	{"cpu beyond", cpu_beyond, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 0},
	{"scheduler", scheduler_missing, POLICY_ERR_REFERENCE, POLICY_TABLE_POOLS, 0},
	{"device owner", device_owner, POLICY_ERR_REFERENCE, POLICY_TABLE_DEVICES, 0},
	{"irq ppi", irq_ppi, POLICY_ERR_VALUE, POLICY_TABLE_IRQS, 0},
	{"irq device missing", irq_device_missing, POLICY_ERR_REFERENCE, POLICY_TABLE_IRQS, 1},
	{"irq device of another", irq_device_of_another, POLICY_ERR_REFERENCE, POLICY_TABLE_IRQS, 1},
	{"irq special", irq_special, POLICY_ERR_VALUE, POLICY_TABLE_IRQS, 1},
	{"channel ends", channel_same_ends, POLICY_ERR_REFERENCE, POLICY_TABLE_CHANNELS, 0},
	{"channel empty", channel_empty, POLICY_ERR_VALUE, POLICY_TABLE_CHANNELS, 0},
	{"channel flag", channel_flag_unknown, POLICY_ERR_VALUE, POLICY_TABLE_CHANNELS, 0},
	{"channel read-only", channel_read_only_not_control, POLICY_ERR_VALUE, POLICY_TABLE_CHANNELS,
	 0},
	{"grant holder", grant_holder, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 1},
	{"grant channel", grant_object_channel, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 1},
	{"grant partition", grant_object_partition, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 0},
	{"grant type", grant_type_null, POLICY_ERR_VALUE, POLICY_TABLE_GRANTS, 0},
	{"grant no rights", grant_no_rights, POLICY_ERR_VALUE, POLICY_TABLE_GRANTS, 0},
	{"grant rights", grant_unknown_rights, POLICY_ERR_VALUE, POLICY_TABLE_GRANTS, 0},
	{"grant flag", grant_unknown_flag, POLICY_ERR_VALUE, POLICY_TABLE_GRANTS, 0},
	{"grant flag on type", grant_flag_on_partition, POLICY_ERR_VALUE, POLICY_TABLE_GRANTS, 0},
	{"grant cpus of", grant_cpus_of_nothing, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 0},
	{"grant console", grant_console_object, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 0},
	{"initrd outside", initrd_outside, POLICY_ERR_STRING, POLICY_TABLE_PARTITIONS, 1},
	{"initrd empty", initrd_empty, POLICY_ERR_STRING, POLICY_TABLE_PARTITIONS, 1},
	{"bootargs outside", bootargs_outside, POLICY_ERR_STRING, POLICY_TABLE_PARTITIONS, 1},
	{"initrd on tenon", initrd_on_tenon, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 1},
	{"bootargs on root", bootargs_on_root, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 0},
	{"bootargs on vmm", bootargs_on_component, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 1},
	{"root cpu to tenon", cpu_root_to_tenon, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 1},
	{"root cpu to linux", cpu_root_to_linux, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 1},
	{"root cpu to pool", cpu_root_to_pool, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 1},
	{"root cpu twice", cpu_root_twice, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 1},
	{"component first", cpu_component_before_root, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 1},
	{"root cpu shared twice", cpu_root_to_component_twice, POLICY_ERR_VALUE, POLICY_TABLE_CPUS,
	 2},
	{"no root cpu", cpu_component_to_component, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 1},
	{"pool cpu twice", cpu_pool_twice, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 2},
	{"budget without console", budget_without_console, POLICY_ERR_VALUE,
	 POLICY_TABLE_PARTITIONS, 1},
	{"budget without bytes", budget_without_bytes, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 0},
	{"budget bytes huge", budget_bytes_huge, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 0},
	{"budget without period", budget_without_period, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS,
	 0},
	{"budget period huge", budget_period_huge, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 0},
	{"template priority 0", template_priority_zero, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS,
	 1},
	{"template budget over period", template_budget_over_period, POLICY_ERR_VALUE,
	 POLICY_TABLE_PARTITIONS, 1},
	{"template budget 0", template_budget_zero, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS, 1},
	{"template period huge", template_period_huge, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS,
	 1},
	{"template no instances", template_no_instances, POLICY_ERR_VALUE, POLICY_TABLE_PARTITIONS,
	 1},
	{"template instances huge", template_instances_huge, POLICY_ERR_VALUE,
	 POLICY_TABLE_PARTITIONS, 1},
	{"template fields on root", template_fields_on_root, POLICY_ERR_VALUE,
	 POLICY_TABLE_PARTITIONS, 0},
	{"template fields on static", template_fields_on_static, POLICY_ERR_VALUE,
	 POLICY_TABLE_PARTITIONS, 1},
	{"control channel", control_channel_without_scheduler, POLICY_ERR_VALUE,
	 POLICY_TABLE_CHANNELS, 0},
};

static void test_bad_entries_are_located(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;

	for (size_t i = 0; i < ARRAY_LENGTH(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		sample();
		c->spoil();
		enum policy_status status = write_and_open(&b, &d);
		if (status != c->status || d.table != c->table || d.index != c->index)
			fail_msg("%s: got %s in %s[%u] (%s)", c->name, policy_status_name(status),
				 policy_table_name(d.table), d.index, d.what);
		/* The offset points into the entry it names. */
		uint32_t entry_size = c->table == POLICY_TABLE_PARTITIONS ? POLICY_PARTITION_ENTRY
				      : c->table == POLICY_TABLE_CPUS	  ? POLICY_CPU_ENTRY
									  : 0;
		if (entry_size)
			assert_in_range(d.offset, table_offset(c->table) + c->index * entry_size,
					table_offset(c->table) + (c->index + 1) * entry_size - 1);
	}
}

static void test_linux_boot_strings(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;
	struct policy_partition p;

	make_linux();
	partitions[1].initrd = S_IMG;
	partitions[1].bootargs = S_ARGS;
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	assert_true(policy_blob_partition(&b, 1, &p));
	assert_string_equal(policy_blob_string(&b, p.initrd), "img");
	assert_string_equal(policy_blob_string(&b, p.bootargs), "console=ttyAMA0 quiet");
	/* Absent is offset 0, the leading NUL: the same as "". */
	partitions[1].initrd = 0;
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	assert_true(policy_blob_partition(&b, 1, &p));
	assert_int_equal(p.initrd, 0);
	assert_string_equal(policy_blob_string(&b, p.initrd), "");
	/* Where the non-Linux refusal points: the field itself. */
	sample();
	partitions[0].initrd = S_IMG;
	assert_int_equal(write_and_open(&b, &d), POLICY_ERR_VALUE);
	assert_int_equal(d.offset, table_offset(POLICY_TABLE_PARTITIONS) + 20);
	sample();
	partitions[1].bootargs = S_ARGS;
	assert_int_equal(write_and_open(&b, &d), POLICY_ERR_VALUE);
	assert_int_equal(d.offset,
			 table_offset(POLICY_TABLE_PARTITIONS) + POLICY_PARTITION_ENTRY + 24);
}

/* A string table of "", a command line of length - 1 'a's and one more byte, and NUL. */
static char long_strings[2 * POLICY_BOOTARGS_MAX + 8];

static enum policy_status open_with_bootargs(size_t length, char last)
{
	struct policy_blob b;
	struct policy_diagnostic d;

	memset(long_strings, 0, sizeof(long_strings));
	memset(long_strings + 1, 'a', length);
	long_strings[length] = last;
	memcpy(long_strings + length + 2, "root", 5);
	partitions[0].name = partitions[1].name = (uint32_t)length + 2;
	partitions[0].image = partitions[1].image = (uint32_t)length + 2;
	pools[0].name = channels[0].name = devices[0].path = (uint32_t)length + 2;
	make_linux();
	partitions[1].bootargs = 1;
	tables.strings = long_strings;
	tables.strings_size = (uint32_t)length + 7;
	enum policy_status status = write_and_open(&b, &d);
	if (status == POLICY_OK)
		assert_int_equal(strlen(policy_blob_string(&b, 1)), length);
	else
		assert_int_equal(d.offset, table_offset(POLICY_TABLE_PARTITIONS) +
						   POLICY_PARTITION_ENTRY + 24);
	return status;
}

static void test_bootargs_bounds(void **state)
{
	(void)state;
	assert_int_equal(open_with_bootargs(POLICY_BOOTARGS_MAX, 'z'), POLICY_OK);
	assert_int_equal(open_with_bootargs(POLICY_BOOTARGS_MAX + 1, 'z'), POLICY_ERR_VALUE);
	assert_int_equal(open_with_bootargs(20, '~'), POLICY_OK);
	assert_int_equal(open_with_bootargs(20, '\n'), POLICY_ERR_VALUE);
	assert_int_equal(open_with_bootargs(20, '\x7f'), POLICY_ERR_VALUE);
	assert_int_equal(open_with_bootargs(20, (char)0xc3), POLICY_ERR_VALUE);
}

/* The one repeated CPU the reader takes: a root CPU, then one component (not Tenon or Linux). */
static void test_root_cpu_shared_with_one_component(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;
	struct policy_cpu cpu;

	make_component();
	cpus[1] = (struct policy_cpu){0, POLICY_CPU_STATIC, 1};
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	assert_true(policy_blob_cpu(&b, 0, &cpu));
	assert_true(cpu.cpu == 0 && cpu.owner == 0);
	assert_true(policy_blob_cpu(&b, 1, &cpu));
	assert_true(cpu.cpu == 0 && cpu.owner_kind == POLICY_CPU_STATIC && cpu.owner == 1);
	/* A sched component may take it as well as a linux-vmm one. */
	partitions[1].role = POLICY_ROLE_SCHED;
	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	/* The same entries with a Tenon partition: refused at the second entry. */
	sample();
	cpus[1] = (struct policy_cpu){0, POLICY_CPU_STATIC, 1};
	assert_int_equal(write_and_open(&b, &d), POLICY_ERR_VALUE);
	assert_int_equal(d.table, POLICY_TABLE_CPUS);
	assert_int_equal(d.offset, table_offset(POLICY_TABLE_CPUS) + POLICY_CPU_ENTRY);
}

static void test_reserved_bytes_must_be_zero(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;

	assert_int_equal(write_and_open(&b, &d), POLICY_OK);
	uint32_t at = table_offset(POLICY_TABLE_GRANTS) + POLICY_GRANT_ENTRY + 12;
	blob[at] = 1;
	reseal();
	assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_VALUE);
	assert_int_equal(d.table, POLICY_TABLE_GRANTS);
	assert_int_equal(d.index, 1);
	assert_int_equal(d.offset, at);
	/* The partition entry's reserved bytes around initrd, bootargs and the template. */
	static const uint32_t partition_reserved[] = {11, 18, 28, 49, 52, 55};
	for (size_t i = 0; i < ARRAY_LENGTH(partition_reserved); i++) {
		uint32_t field = partition_reserved[i];
		assert_int_equal(write_and_open(&b, &d), POLICY_OK);
		at = table_offset(POLICY_TABLE_PARTITIONS) + field;
		blob[at] = 1;
		reseal();
		assert_int_equal(policy_blob_open(&b, blob, blob_size, &d), POLICY_ERR_VALUE);
		assert_int_equal(d.offset, at);
	}
}

static void test_writer_bounds(void **state)
{
	(void)state;
	size_t written = 99;

	size_t need = policy_blob_size(&tables);
	assert_true(need > POLICY_HEADER_SIZE && need <= sizeof(blob));
	assert_int_equal(policy_blob_write(&tables, blob, need - 1, &written), POLICY_ERR_NO_SPACE);
	assert_int_equal(written, 0);
	tables.count[POLICY_TABLE_GRANTS] = POLICY_BLOB_MAX_SIZE;
	assert_int_equal(policy_blob_size(&tables), 0);
	assert_int_equal(policy_blob_write(&tables, blob, sizeof(blob), &written), POLICY_ERR_SIZE);
}

static void test_names(void **state)
{
	(void)state;
	for (int s = 0; s < POLICY_STATUS_COUNT; s++)
		assert_true(strncmp(policy_status_name(s), "POLICY_", 7) == 0);
	assert_string_equal(policy_status_name(POLICY_STATUS_COUNT), "POLICY_STATUS_UNKNOWN");
	assert_string_equal(policy_table_name(POLICY_TABLE_HEADER), "header");
	assert_string_equal(policy_table_name(POLICY_TABLE_GRANTS), "grants");
	assert_string_equal(policy_kind_name(POLICY_KIND_LINUX), "linux");
	assert_string_equal(policy_role_name(POLICY_ROLE_LINUX_VMM), "linux-vmm");
	assert_string_equal(policy_role_name(POLICY_ROLE_COUNT), "unknown-role");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_standard_vector),
		cmocka_unit_test_setup(test_round_trip, setup),
		cmocka_unit_test_setup(test_reader_accepts_unaligned_blob, setup),
		cmocka_unit_test_setup(test_every_corrupted_byte_is_refused, setup),
		cmocka_unit_test_setup(test_every_truncation_is_refused, setup),
		cmocka_unit_test_setup(test_bad_checksum_names_the_field, setup),
		cmocka_unit_test_setup(test_header_fields, setup),
		cmocka_unit_test_setup(test_table_bounds, setup),
		cmocka_unit_test_setup(test_bad_entries_are_located, setup),
		cmocka_unit_test_setup(test_linux_boot_strings, setup),
		cmocka_unit_test_setup(test_bootargs_bounds, setup),
		cmocka_unit_test_setup(test_root_cpu_shared_with_one_component, setup),
		cmocka_unit_test_setup(test_reserved_bytes_must_be_zero, setup),
		cmocka_unit_test_setup(test_writer_bounds, setup),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
