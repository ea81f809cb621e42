/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "policy_blob.h"

/* "\0root\0rt\0img\0/dev@0\0shared\0link\0" */
static const char strings[] = "\0root\0rt\0img\0/dev@0\0shared\0link";
enum { S_ROOT = 1, S_RT = 6, S_IMG = 9, S_DEV = 13, S_SHARED = 20, S_LINK = 27 };

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
						  POLICY_NONE, POLICY_NONE, 1};
	partitions[1] = (struct policy_partition){S_RT, S_IMG, POLICY_KIND_TENON, POLICY_ROLE_NONE,
						  0, POLICY_NONE, 0, 2};
	memory[0] = (struct policy_memory){0x42000000, 0x1000000, 0, 0};
	memory[1] = (struct policy_memory){0x50000000, 0x2000000, 1, POLICY_MEMORY_FIXED};
	cpus[0] = (struct policy_cpu){0, POLICY_CPU_STATIC, 0};
	cpus[1] = (struct policy_cpu){2, POLICY_CPU_POOL, 0};
	cpus[2] = (struct policy_cpu){3, POLICY_CPU_POOL, 0};
	pools[0] = (struct policy_pool){S_SHARED, 0};
	devices[0] = (struct policy_device){S_DEV, 1, 0xa000000, 0x200};
	irqs[0] = (struct policy_irq){48, 1};
	irqs[1] = (struct policy_irq){1019, 0};
	channels[0] = (struct policy_channel){S_LINK, 0, 1, 0x60000000, 0x1000,
					      POLICY_CHANNEL_DOORBELL};
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
		    p.pool == 0 && p.vcpus == 2);
	assert_string_equal(policy_blob_string(&b, p.name), "rt");
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
		    c.flags == POLICY_CHANNEL_DOORBELL);
	struct policy_grant g;
	assert_true(policy_blob_grant(&b, 1, &g));
	assert_true(g.holder == 1 && g.grantor == 0 && g.type == CAP_TYPE_CHANNEL &&
		    g.rights == (CAP_RIGHT_READ | CAP_RIGHT_GRANT) && g.object == 0);
	assert_false(policy_blob_grant(&b, 2, &g));
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
static void memory_wraps(void) { memory[1].base = UINT64_MAX - 0xfff; }
static void memory_owner(void) { memory[0].partition = 2; }
static void cpu_owner(void) { cpus[1].owner = 1; }
static void cpu_beyond(void) { cpus[0].cpu = CONFIG_MAX_CPUS; }
static void scheduler_missing(void) { pools[0].scheduler = 7; }
static void device_owner(void) { devices[0].partition = POLICY_NONE; }
static void irq_ppi(void) { irqs[0].intid = 27; }
static void irq_special(void) { irqs[1].intid = 1020; }
static void channel_same_ends(void) { channels[0].second = 0; }
static void channel_empty(void) { channels[0].size = 0; }
static void grant_holder(void) { grants[1].holder = 2; }
static void grant_object_channel(void) { grants[1].object = 1; }
static void grant_object_partition(void) { grants[0].object = 2; }
static void grant_type_null(void) { grants[0].type = CAP_TYPE_NULL; }
static void grant_no_rights(void) { grants[0].rights = 0; }
static void grant_unknown_rights(void) { grants[0].rights = 0x20; }
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
	{"memory wraps", memory_wraps, POLICY_ERR_VALUE, POLICY_TABLE_MEMORY, 1},
	{"memory owner", memory_owner, POLICY_ERR_REFERENCE, POLICY_TABLE_MEMORY, 0},
	{"cpu owner", cpu_owner, POLICY_ERR_REFERENCE, POLICY_TABLE_CPUS, 1},
	{"cpu beyond", cpu_beyond, POLICY_ERR_VALUE, POLICY_TABLE_CPUS, 0},
	{"scheduler", scheduler_missing, POLICY_ERR_REFERENCE, POLICY_TABLE_POOLS, 0},
	{"device owner", device_owner, POLICY_ERR_REFERENCE, POLICY_TABLE_DEVICES, 0},
	{"irq ppi", irq_ppi, POLICY_ERR_VALUE, POLICY_TABLE_IRQS, 0},
	{"irq special", irq_special, POLICY_ERR_VALUE, POLICY_TABLE_IRQS, 1},
	{"channel ends", channel_same_ends, POLICY_ERR_REFERENCE, POLICY_TABLE_CHANNELS, 0},
	{"channel empty", channel_empty, POLICY_ERR_VALUE, POLICY_TABLE_CHANNELS, 0},
	{"grant holder", grant_holder, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 1},
	{"grant channel", grant_object_channel, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 1},
	{"grant partition", grant_object_partition, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 0},
	{"grant type", grant_type_null, POLICY_ERR_VALUE, POLICY_TABLE_GRANTS, 0},
	{"grant no rights", grant_no_rights, POLICY_ERR_VALUE, POLICY_TABLE_GRANTS, 0},
	{"grant rights", grant_unknown_rights, POLICY_ERR_VALUE, POLICY_TABLE_GRANTS, 0},
	{"grant console", grant_console_object, POLICY_ERR_REFERENCE, POLICY_TABLE_GRANTS, 0},
};

static void test_bad_entries_are_located(void **state)
{
	(void)state;
	struct policy_blob b;
	struct policy_diagnostic d;

	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		sample();
		c->spoil();
		enum policy_status status = write_and_open(&b, &d);
		if (status != c->status || d.table != c->table || d.index != c->index)
			fail_msg("%s: got %s in %s[%u] (%s)", c->name, policy_status_name(status),
				 policy_table_name(d.table), d.index, d.what);
		/* The offset points into the entry it names. */
		uint32_t entry_size = c->table == POLICY_TABLE_PARTITIONS ? POLICY_PARTITION_ENTRY : 1;
		if (c->table == POLICY_TABLE_PARTITIONS)
			assert_in_range(d.offset, table_offset(c->table) + c->index * entry_size,
					table_offset(c->table) + (c->index + 1) * entry_size - 1);
	}
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
		cmocka_unit_test_setup(test_reserved_bytes_must_be_zero, setup),
		cmocka_unit_test_setup(test_writer_bounds, setup),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
