/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The root component: the first deprivileged component Mortise starts. It maps its boot archive
 * (a cpio module holding policy.blob and the images), checks the policy blob, creates every other
 * partition the policy names, starts them all, and then turns its CPU off: it holds policy, never privilege beyond
 * the capabilities the kernel gave it.
 */
#include "root.h"

#include <stdlib.h>

#include "boot.h"
#include "console.h"
#include "exception.h"
#include "hvc.h"
#include "psci.h"

/* Where the root component sees its boot archive: past its own RAM, in its normal-memory map. */
#define ARCHIVE_IPA 0x60000000ULL

static cap_selector console_selector = SEL_CONSOLE;

_Noreturn void abort(void)
{
	console_printf("root: abort\n");
	exception_park_cpu();
}

static _Noreturn void root_finish(const char *why)
{
	console_printf("root: %s\n", why);
	psci_init(PSCI_CONDUIT_HVC);
	psci_cpu_off();
	exception_park_cpu();
}

static bool open_archive(struct boot_archive *archive)
{
	struct hc_registers r;
	enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), SEL_ARCHIVE, 0,
					       0, 0, 0);

	if (status != CAP_OK || r.x[1] != CAP_TYPE_MEMORY) {
		console_printf("root: no boot archive module (selector %u: %s)\n", SEL_ARCHIVE,
			       cap_status_name(status));
		return false;
	}
	archive->size = r.x[4];
	status = hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP), SEL_SELF, SEL_ARCHIVE,
			       ARCHIVE_IPA, HC_MAP_NORMAL, 0);
	if (status != CAP_OK) {
		console_printf("root: cannot map the boot archive: %s\n", cap_status_name(status));
		return false;
	}
	archive->data = (const void *)(uintptr_t)ARCHIVE_IPA;

	struct cpio_file blob;
	enum cpio_status found = cpio_find(archive->data, archive->size, "policy.blob", &blob);
	if (found != CPIO_OK) {
		console_printf("root: boot archive: policy.blob: %s\n", cpio_status_name(found));
		return false;
	}
	struct policy_diagnostic diagnostic;
	enum policy_status opened =
		policy_blob_open(&archive->policy, blob.data, blob.size, &diagnostic);
	if (opened != POLICY_OK) {
		console_printf("root: policy.blob refused: %s in %s entry %u at byte %u: %s\n",
			       policy_status_name(opened), policy_table_name(diagnostic.table),
			       diagnostic.index, diagnostic.offset, diagnostic.what);
		return false;
	}
	return true;
}

/* The sched context Mortise gives the root after its boot modules: authority over every CPU. */
static bool root_cpus(cap_selector *cpus)
{
	struct hc_registers r;

	for (cap_selector selector = SEL_ARCHIVE; selector < CONFIG_CAPS_SLOTS_PER_SPACE; selector++) {
		if (hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_INFO), selector, 0, 0, 0, 0) ==
			    CAP_OK &&
		    r.x[1] == CAP_TYPE_SCHED_CONTEXT) {
			*cpus = selector;
			return true;
		}
	}
	console_printf("root: no sched context among my boot capabilities\n");
	return false;
}

void image_main(const void *dtb)
{
	static struct boot_archive archive;
	static struct built_partition partitions[ROOT_MAX_PARTITIONS];
	static struct built_channel channels[ROOT_MAX_CHANNELS];
	unsigned built = 0, failed = 0, vcpus = 0;
	struct hc_registers r;
	cap_selector cpus;

	(void)dtb;
	console_attach(hvc_console_write, &console_selector);
	exception_install();
	if (!open_archive(&archive) || !root_cpus(&cpus))
		root_finish("nothing to start");

	uint32_t count = policy_blob_count(&archive.policy, POLICY_TABLE_PARTITIONS);
	console_printf("root: policy with %u partitions\n", count);
	if (count > ROOT_MAX_PARTITIONS)
		root_finish("too many partitions for this build (CONFIG_CAPS_MAX_SPACES)");
	for (uint32_t i = 0; i < count; i++) {
		struct policy_partition partition;
		if (!policy_blob_partition(&archive.policy, i, &partition))
			continue;
		/* Mortise made the root; its entry in the policy still sets its own budget. */
		if (partition.role == POLICY_ROLE_ROOT) {
			apply_console_budget(policy_blob_string(&archive.policy, partition.name),
					     SEL_SELF, &partition);
			continue;
		}
		/* A pool's template: its scheduler starts instances of it (pools.c). */
		if (partition.pool != POLICY_NONE && partition.kind == POLICY_KIND_TENON)
			continue;
		if (build_partition(&archive, i, cpus, &partitions[i])) {
			built++;
			vcpus += partitions[i].vcpu_count;
		} else {
			failed++;
		}
	}
	unsigned unconnected = build_channels(&archive, partitions, count, channels);
	if (unconnected > 0)
		console_printf("root: %u channels could not be set up\n", unconnected);
	unsigned refused = apply_grants(&archive, partitions, count, channels) +
			   connect_vmms(&archive, partitions, count) +
			   give_pools(&archive, partitions, count, cpus);
	if (refused > 0)
		console_printf("root: %u capabilities could not be given\n", refused);
	unsigned unwritten = write_devicetrees(&archive, partitions, count);
	failed += unwritten;
	built -= unwritten;
	console_printf("root: built %u partitions, %u failed; starting %u vCPUs\n", built, failed,
		       vcpus);
	/*
	 * All at once, after every line of ours: what the partitions print comes after. A Linux
	 * partition's VMM starts it, once it has written its devicetree; a Tenon partition starts
	 * on its first vCPU, as on a board, and its OS starts the others with PSCI CPU_ON.
	 */
	for (uint32_t i = 0; i < count; i++) {
		if (!partitions[i].built || partitions[i].kind == POLICY_KIND_LINUX)
			continue;
		unsigned starting =
			partitions[i].kind == POLICY_KIND_TENON ? 1 : partitions[i].vcpu_count;
		for (unsigned v = 0; v < starting; v++) {
			enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START),
							       partitions[i].vcpus[v], 0, 0, 0, 0);
			if (status != CAP_OK)
				console_printf("root: starting vCPU %u of partition %u: %s\n", v, i,
					       cap_status_name(status));
		}
	}
	root_finish("done; turning my CPU off");
}
