// SPDX-License-Identifier: Apache-2.0
/*
 * Instances of the pool's templates. Starting one carves a slot of its template's memory, donates
 * its top as the new partition's page tables and vCPUs (as the root does, vmm/README.md), maps
 * the rest as its RAM, copies the template's image from the boot archive, creates its vCPUs under
 * the pool's scheduling context on the CPUs admission chose, configures and starts them. Every
 * step is undone when a later one fails, so a refused start changes nothing. Destruction, pause,
 * resume and the scheduling parameters are Mode 2 calls (mortise.c): without them in Mortise,
 * requests that need them are refused as not supported before anything is created.
 */
#include "sched.h"

#include <string.h>

#include "console.h"
#include "fmt.h"
#include "hvc.h"
#include "mortise.h"

static struct sched_config *config;
static struct admission_pool pool;
static struct sched_instance instances[SCHED_MAX_INSTANCES];
static uint32_t next_id = 1;
static bool mode2; /* Mortise has the Mode 2 calls */

void instances_init(struct sched_config *given)
{
	struct mortise_vcpu_info info;

	config = given;
	admission_init(&pool, config->cpu_count, CONFIG_ADMISSION_BOUND_PERCENT * 10000u);
	/* Selector 0 is the console: a Mode 2 Mortise refuses it for its type, not as unknown. */
	mode2 = mortise_info(0, &info) != CAP_NOT_SUPPORTED;
	console_printf("sched: %u CPUs, %u templates, %u control channels; Mode 2 calls %s\n",
		       config->cpu_count, config->template_count, config->channel_count,
		       mode2 ? "present" : "not supported by this Mortise");
}

static struct sched_instance *find(uint32_t id)
{
	for (unsigned i = 0; i < SCHED_MAX_INSTANCES; i++)
		if (instances[i].used && instances[i].id == id)
			return &instances[i];
	return NULL;
}

static enum sched_status failed(const char *step, enum cap_status status)
{
	console_printf("sched: %s: %s\n", step, cap_status_name(status));
	return status == CAP_NOT_SUPPORTED ? SCHED_ERR_NOT_SUPPORTED : SCHED_ERR_FAILED;
}

static enum cap_status derive(cap_selector from, unsigned rights, uint64_t offset, uint64_t size,
			      cap_selector *out)
{
	struct hc_registers r;
	enum cap_status status = hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DERIVE), from,
					       rights, offset, size, 0);
	*out = (cap_selector)r.x[1];
	return status;
}

static void delete_capability(cap_selector selector)
{
	struct hc_registers r;
	hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELETE), selector, 0, 0, 0, 0);
}

/* The image from the archive into the instance's RAM, at the entry point. */
static enum cap_status copy_image(const struct sched_template *t, cap_selector ram)
{
	struct hc_registers r;
	enum cap_status status = CAP_OK;

	for (uint64_t done = 0; done < t->image_size && status == CAP_OK; done += HC_COPY_MAX) {
		uint64_t left = t->image_size - done;
		status = hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), ram,
				       config->archive, INSTANCE_ENTRY_IPA - INSTANCE_RAM_IPA + done,
				       t->image_offset + done, left < HC_COPY_MAX ? left : HC_COPY_MAX);
	}
	return status;
}

/* Our RAM is mapped at the platform's RAM base: a pointer into it is an offset of self-memory. */
static uint64_t own_offset(const void *pointer)
{
	return (uintptr_t)pointer - CONFIG_PLATFORM_RAM_BASE;
}

/* Its devicetree, written here and copied to the end of its RAM (ram, from its start). */
static enum cap_status write_devicetree(const struct sched_template *t,
					const struct sched_instance *instance, cap_selector ram,
					uint64_t ram_size)
{
	static uint8_t buffer[4096];
	struct hc_registers r;
	size_t size = instance_devicetree(buffer, sizeof(buffer), t, instance, ram_size);

	if (size == 0)
		return CAP_NO_MEMORY;
	return hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_COPY), ram,
			     config->self_memory, ram_size - INSTANCE_DEVICETREE_SIZE,
			     own_offset(buffer), size);
}

/*
 * Its partition's name, the prefix of its console lines: "TEMPLATE-ID", the template's name cut
 * short when both do not fit.
 */
static void instance_name(const struct sched_template *t, uint32_t id, uint64_t name[2])
{
	char suffix[12], *bytes = (char *)name;
	size_t suffix_length = (size_t)fmt_snprintf(suffix, sizeof(suffix), "-%u", (unsigned)id);
	size_t keep = strnlen(t->name, SCHED_NAME_SIZE);

	name[0] = name[1] = 0;
	if (keep > SCHED_NAME_SIZE - 1 - suffix_length)
		keep = SCHED_NAME_SIZE - 1 - suffix_length;
	memcpy(bytes, t->name, keep);
	memcpy(bytes + keep, suffix, suffix_length);
}

/*
 * Its partition: RAM mapped, the console given first (selector 0 in its space, as at boot), the
 * image and devicetree copied in. The derived RAM capability goes either way; the kernel memory
 * one is kept in instance (destroying the partition returns that memory).
 */
static enum cap_status make_partition(struct sched_instance *instance,
				      const struct sched_template *t, uint64_t base, uint64_t ram_size,
				      uint64_t tables)
{
	cap_selector ram;
	struct hc_registers r;
	uint64_t name[2];
	enum cap_status status = derive(t->memory, CAP_RIGHT_CONTROL, base + ram_size, tables,
					&instance->kernel_memory);

	if (status != CAP_OK) {
		instance->kernel_memory = 0; /* selector 0 is our console: never a derived one */
		return status;
	}
	status = derive(t->memory, CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_EXECUTE, base,
			ram_size, &ram);
	if (status != CAP_OK)
		return status;
	instance_name(t, instance->id, name);
	status = hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_CREATE),
			       instance->kernel_memory, name[0], name[1], 0, 0);
	instance->partition = status == CAP_OK ? (cap_selector)r.x[1] : 0;
	if (status == CAP_OK && t->console)
		status = hvc_call_with(&r, HC_ID(HC_GROUP_CAPS, HC_CAP_DELEGATE), SCHED_OWN_CONSOLE,
				       instance->partition, CAP_RIGHT_WRITE, 0, 0);
	if (status == CAP_OK)
		status = hvc_call_with(&r, HC_ID(HC_GROUP_PARTITION, HC_PARTITION_MAP),
				       instance->partition, ram, INSTANCE_RAM_IPA, HC_MAP_NORMAL, 0);
	if (status == CAP_OK)
		status = copy_image(t, ram);
	if (status == CAP_OK)
		status = write_devicetree(t, instance, ram, ram_size);
	delete_capability(ram);
	return status;
}

/* The partition of an instance, in its slot, running; on failure nothing of it is left. */
static enum sched_status build(struct sched_instance *instance, const struct sched_template *t)
{
	uint64_t base = (uint64_t)instance->slot * t->instance_size;
	/* Its kernel memory: its capability space, its page tables and its vCPUs. */
	uint64_t tables = HC_CAP_SPACE_MEMORY_SIZE +
			  (1 + hc_stage2_tables_anywhere(t->instance_size)) * HC_STAGE2_TABLE_SIZE +
			  (uint64_t)t->vcpus * HC_VCPU_MEMORY_SIZE;
	uint64_t ram_size = t->instance_size - tables;
	uint64_t devicetree_ipa = INSTANCE_RAM_IPA + ram_size - INSTANCE_DEVICETREE_SIZE;
	struct hc_registers r;

	if (tables >= t->instance_size || ram_size < INSTANCE_DEVICETREE_SIZE ||
	    INSTANCE_ENTRY_IPA - INSTANCE_RAM_IPA + t->image_size > ram_size - INSTANCE_DEVICETREE_SIZE)
		return SCHED_ERR_LIMIT;
	enum cap_status status = make_partition(instance, t, base, ram_size, tables);
	for (unsigned v = 0; v < t->vcpus && status == CAP_OK; v++) {
		struct hc_registers x = {.x = {HC_ID(HC_GROUP_PARTITION, HC_PARTITION_VCPU_CREATE),
					       instance->partition, config->cpus[instance->cpu_of[v]],
					       INSTANCE_ENTRY_IPA, devicetree_ipa, config->sched_context,
					       0, 0}};
		status = hvc_call(&x);
		instance->vcpus[v] = (cap_selector)x.x[1];
	}
	for (unsigned v = 0; v < t->vcpus && status == CAP_OK; v++)
		status = mortise_configure(instance->vcpus[v], config->sched_context,
					   config->cpus[instance->cpu_of[v]], instance->params.priority,
					   instance->params.budget_us, instance->params.period_us);
	/* Its boot vCPU only: the others wait for its PSCI CPU_ON, as on a board. */
	if (status == CAP_OK)
		status = hvc_call_with(&r, HC_ID(HC_GROUP_VCPU, HC_VCPU_START), instance->vcpus[0], 0,
				       0, 0, 0);
	if (status == CAP_OK)
		return SCHED_OK;
	enum sched_status reported = failed("start an instance", status);
	if (instance->partition && mortise_destroy(instance->partition) != CAP_OK)
		console_printf("sched: instance %u could not be destroyed: its slot stays taken\n",
			       instance->id);
	if (instance->kernel_memory)
		delete_capability(instance->kernel_memory);
	return reported;
}

static struct admission_params requested(const struct admission_params *base,
					 const struct sched_request *request)
{
	struct admission_params p = *base;
	if (request->fields & SCHED_FIELD_PRIORITY)
		p.priority = (uint8_t)request->priority;
	if (request->fields & SCHED_FIELD_BUDGET) {
		p.budget_us = request->budget_us;
		p.period_us = request->period_us;
	}
	return p;
}

enum sched_status instance_start(const char *template_name, const struct sched_request *request,
				 uint32_t *id)
{
	struct sched_template *t = NULL;
	struct sched_instance *instance = NULL;

	for (unsigned i = 0; i < config->template_count; i++)
		if (strcmp(config->templates[i].name, template_name) == 0)
			t = &config->templates[i];
	if (!t)
		return SCHED_ERR_UNKNOWN_TEMPLATE;
	if (!mode2)
		return SCHED_ERR_NOT_SUPPORTED;
	unsigned slot = 0;
	while (slot < t->max_instances && (t->slots_used >> slot & 1))
		slot++;
	for (unsigned i = 0; i < SCHED_MAX_INSTANCES && !instance; i++)
		if (!instances[i].used)
			instance = &instances[i];
	if (slot == t->max_instances || !instance)
		return SCHED_ERR_LIMIT;
	*instance = (struct sched_instance){.id = next_id, .template = (unsigned)(t - config->templates),
					    .slot = slot, .params = requested(&t->defaults, request)};
	switch (admission_place(&pool, instance->id, t->vcpus, &instance->params, instance->cpu_of)) {
	case ADMISSION_OK:
		break;
	case ADMISSION_BAD_ARGUMENTS:
		return SCHED_ERR_BAD_ARGUMENTS;
	default:
		return SCHED_ERR_ADMISSION_REFUSED;
	}
	enum sched_status status = build(instance, t);
	if (status != SCHED_OK) {
		admission_remove(&pool, instance->id);
		return status;
	}
	instance->used = true;
	t->slots_used |= 1ull << slot;
	*id = next_id++;
	return SCHED_OK;
}

static enum sched_status each_vcpu(uint32_t id, enum cap_status (*call)(cap_selector),
				   bool paused)
{
	struct sched_instance *instance = find(id);
	if (!instance)
		return SCHED_ERR_UNKNOWN_INSTANCE;
	for (unsigned v = 0; v < config->templates[instance->template].vcpus; v++) {
		enum cap_status status = call(instance->vcpus[v]);
		if (status != CAP_OK)
			return failed(paused ? "pause" : "resume", status);
	}
	instance->paused = paused;
	return SCHED_OK;
}

enum sched_status instance_pause(uint32_t id) { return each_vcpu(id, mortise_pause, true); }
enum sched_status instance_resume(uint32_t id) { return each_vcpu(id, mortise_resume, false); }

/* Moves what admission moves onto freed CPUs. */
static void rebalance(void)
{
	struct admission_vcpu moved;
	while (admission_rebalance(&pool, &moved)) {
		struct sched_instance *instance = find(moved.owner);
		if (!instance)
			continue; /* admission holds only instances this table has */
		instance->cpu_of[moved.index] = moved.cpu;
		enum cap_status status = mortise_configure(
			instance->vcpus[moved.index], config->sched_context, config->cpus[moved.cpu],
			moved.params.priority, moved.params.budget_us, moved.params.period_us);
		if (status != CAP_OK)
			console_printf("sched: moving instance %u: %s\n", instance->id,
				       cap_status_name(status));
	}
}

enum sched_status instance_stop(uint32_t id)
{
	struct sched_instance *instance = find(id);
	if (!instance)
		return SCHED_ERR_UNKNOWN_INSTANCE;
	enum cap_status status = mortise_destroy(instance->partition);
	if (status != CAP_OK)
		return failed("destroy an instance", status);
	struct sched_template *t = &config->templates[instance->template];
	for (unsigned v = 0; v < t->vcpus; v++)
		delete_capability(instance->vcpus[v]);
	delete_capability(instance->partition);
	delete_capability(instance->kernel_memory);
	t->slots_used &= ~(1ull << instance->slot);
	admission_remove(&pool, id);
	instance->used = false;
	rebalance();
	return SCHED_OK;
}

enum sched_status instance_set(const struct sched_request *request)
{
	struct sched_instance *instance = find(request->instance);
	if (!instance)
		return SCHED_ERR_UNKNOWN_INSTANCE;
	struct admission_params p = requested(&instance->params, request);
	if (admission_change(&pool, instance->id, &p) != ADMISSION_OK)
		return SCHED_ERR_ADMISSION_REFUSED;
	for (unsigned v = 0; v < config->templates[instance->template].vcpus; v++) {
		enum cap_status status =
			mortise_configure(instance->vcpus[v], config->sched_context,
					  config->cpus[instance->cpu_of[v]], p.priority,
					  p.budget_us, p.period_us);
		if (status != CAP_OK) {
			admission_change(&pool, instance->id, &instance->params);
			return failed("configure", status);
		}
	}
	instance->params = p;
	return SCHED_OK;
}

void instances_list(struct sched_reply *reply)
{
	reply->count = 0;
	for (unsigned i = 0; i < SCHED_MAX_INSTANCES && reply->count < SCHED_LIST_MAX; i++) {
		const struct sched_instance *instance = &instances[i];
		if (!instance->used)
			continue;
		struct sched_instance_info *info = &reply->list[reply->count++];
		struct mortise_vcpu_info vcpu;
		*info = (struct sched_instance_info){
			.id = instance->id,
			.state = instance->paused ? SCHED_STATE_PAUSED : SCHED_STATE_RUNNING,
			.cpu = (uint8_t)config->cpus[instance->cpu_of[0]],
			.priority = instance->params.priority,
			.budget_us = instance->params.budget_us,
			.period_us = instance->params.period_us,
		};
		memcpy(info->template_name, config->templates[instance->template].name,
		       SCHED_NAME_SIZE);
		if (mortise_info(instance->vcpus[0], &vcpu) == CAP_OK &&
		    vcpu.state < SCHED_STATE_END) {
			info->state = (uint8_t)vcpu.state;
			info->overruns = (uint32_t)vcpu.overruns;
			info->consumed_us = vcpu.consumed_us;
		}
	}
}

enum sched_status instances_stats(struct sched_stats *stats)
{
	struct mortise_stats counts;

	*stats = (struct sched_stats){0};
	for (unsigned i = 0; i < SCHED_MAX_INSTANCES; i++)
		stats->instances += instances[i].used;
	for (unsigned i = 0; i < config->template_count; i++) {
		const struct sched_template *t = &config->templates[i];
		for (unsigned slot = 0; slot < t->max_instances; slot++)
			if (!(t->slots_used >> slot & 1))
				stats->free_bytes += t->instance_size;
	}
	if (mortise_stats(&counts) == CAP_OK) {
		stats->flags = SCHED_STATS_HYPERVISOR;
		memcpy(stats->hypervisor, counts.counts, sizeof(stats->hypervisor));
	}
	return SCHED_OK;
}
