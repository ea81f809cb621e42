/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The sched component (README.md): what the root gave it (config.c reads it from its
 * devicetree), the instances it runs (instances.c) and the requests it serves (serve.c).
 */
#ifndef VMM_SCHED_H
#define VMM_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "admission.h"
#include "caps.h"
#include "sched_proto.h"

#define SCHED_MAX_TEMPLATES 8
#define SCHED_MAX_INSTANCES 64		/* POLICY_TEMPLATE_INSTANCES_MAX */
#define SCHED_MAX_INSTANCE_VCPUS 8
#define SCHED_MAX_CONTROL_CHANNELS 8

/* Where an instance sees its RAM and enters: the platform's arm64 Image convention. */
#define INSTANCE_RAM_IPA CONFIG_PLATFORM_RAM_BASE
#define INSTANCE_ENTRY_IPA CONFIG_PLATFORM_LOAD_ADDRESS
/* Its devicetree: the last INSTANCE_DEVICETREE_SIZE bytes of its RAM, as the root places one. */
#define INSTANCE_DEVICETREE_SIZE 0x10000ULL
/* Our own console, given us first by the root (with grant when a template has a console). */
#define SCHED_OWN_CONSOLE 0
/* The console is the first capability an instance is given: selector 0, as at boot. */
#define INSTANCE_CONSOLE_SELECTOR 0

struct sched_template {
	char name[SCHED_NAME_SIZE];
	unsigned vcpus;
	unsigned max_instances;
	struct admission_params defaults;
	/* All its instances' memory (read, write, control); slot i is [i * size, (i + 1) * size). */
	cap_selector memory;
	uint64_t instance_size;
	uint64_t image_offset, image_size; /* in the archive capability */
	uint64_t slots_used;		   /* bit i: slot i holds an instance */
	bool console;			   /* its instances get the hypervisor console */
};

struct sched_instance {
	bool used, paused;
	uint32_t id;
	unsigned template;
	unsigned slot;
	cap_selector partition;
	cap_selector kernel_memory; /* donated to it; deleted once it is destroyed */
	cap_selector vcpus[SCHED_MAX_INSTANCE_VCPUS];
	uint8_t cpu_of[SCHED_MAX_INSTANCE_VCPUS]; /* index into the pool's CPUs */
	struct admission_params params;
};

struct control_channel {
	void *mailbox; /* where its memory is mapped in the component */
	uint64_t size;
	bool may_control; /* otherwise list and stats only */
};

struct sched_config {
	cap_selector sched_context, archive;
	cap_selector self_memory; /* our own RAM, from its start: what devicetrees are copied from */
	uint32_t cpus[ADMISSION_MAX_CPUS]; /* the pool's physical CPUs */
	unsigned cpu_count;
	struct sched_template templates[SCHED_MAX_TEMPLATES];
	unsigned template_count;
	struct control_channel channels[SCHED_MAX_CONTROL_CHANNELS];
	unsigned channel_count;
};

/* config.c: false (with a console line) when the devicetree lacks or garbles /tenonos,sched. */
bool sched_config_read(const void *dtb, struct sched_config *config);

/*
 * devicetree.c: instance's devicetree (the frame every Tenon partition's has, and /chosen's
 * tenonos,instance and tenonos,template) for ram_size bytes of RAM, in buffer; its size, or 0
 * when it does not fit.
 */
size_t instance_devicetree(void *buffer, size_t size, const struct sched_template *t,
			   const struct sched_instance *instance, uint64_t ram_size);

/* instances.c: the instance table and the pool's admission state; one request at a time. */
void instances_init(struct sched_config *config);
enum sched_status instance_start(const char *template_name, const struct sched_request *request,
				 uint32_t *id);
enum sched_status instance_pause(uint32_t id);
enum sched_status instance_resume(uint32_t id);
enum sched_status instance_stop(uint32_t id);
enum sched_status instance_set(const struct sched_request *request);
/* Fills reply->list and count. */
void instances_list(struct sched_reply *reply);
enum sched_status instances_stats(struct sched_stats *stats);

/* serve.c: answers whatever request waits on channel. */
void serve_channel(struct control_channel *channel);

#endif
