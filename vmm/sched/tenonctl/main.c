// SPDX-License-Identifier: Apache-2.0
/*
 * tenonctl: asks the sched component for a pool's instances over a control channel
 * (shared-libs/sched-proto), from a Linux shell.
 *   tenonctl [--channel NAME] list | stats
 *   tenonctl [--channel NAME] start TEMPLATE [--priority P] [--budget-us B --period-us T]
 *   tenonctl [--channel NAME] pause|resume|stop ID
 *   tenonctl [--channel NAME] set ID [--priority P] [--budget-us B --period-us T]
 * Exit status: 0 done, 1 the scheduler refused (its named error on stderr), 2 usage or transport.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched_proto.h"
#include "transport.h"

#define DEFAULT_CHANNEL "sched-control"
#define REPLY_TIMEOUT_MS 5000

static int usage(void)
{
	fprintf(stderr,
		"usage: tenonctl [--channel NAME] list | stats\n"
		"       tenonctl [--channel NAME] start TEMPLATE [--priority P] "
		"[--budget-us B --period-us T]\n"
		"       tenonctl [--channel NAME] pause|resume|stop ID\n"
		"       tenonctl [--channel NAME] set ID [--priority P] [--budget-us B --period-us T]\n");
	return 2;
}

static int number(const char *text, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long value = strtoul(text, &end, 10);
	if (errno || end == text || *end || value > 0xffffffffUL || text[0] == '-')
		return 0;
	*out = (uint32_t)value;
	return 1;
}

/* --priority, --budget-us, --period-us from argv[i..]; 0 on a bad option or value. */
static int options(int argc, char **argv, int i, struct sched_request *r)
{
	int budget = 0, period = 0;
	for (; i < argc; i += 2) {
		uint32_t value;
		if (i + 1 >= argc || !number(argv[i + 1], &value)) {
			fprintf(stderr, "tenonctl: %s needs a number\n", argv[i]);
			return 0;
		}
		if (strcmp(argv[i], "--priority") == 0) {
			r->fields |= SCHED_FIELD_PRIORITY;
			r->priority = value;
		} else if (strcmp(argv[i], "--budget-us") == 0) {
			budget = 1;
			r->budget_us = value;
		} else if (strcmp(argv[i], "--period-us") == 0) {
			period = 1;
			r->period_us = value;
		} else {
			fprintf(stderr, "tenonctl: unknown option %s\n", argv[i]);
			return 0;
		}
	}
	if (budget != period) {
		fprintf(stderr, "tenonctl: --budget-us and --period-us go together\n");
		return 0;
	}
	if (budget)
		r->fields |= SCHED_FIELD_BUDGET;
	return 1;
}

static int parse(int argc, char **argv, struct sched_request *r)
{
	if (argc < 1)
		return 0;
	r->op = (uint8_t)sched_op_from_name(argv[0]);
	switch (r->op) {
	case SCHED_OP_LIST:
	case SCHED_OP_STATS:
		return argc == 1;
	case SCHED_OP_START:
		if (argc < 2 || strlen(argv[1]) >= SCHED_NAME_SIZE) {
			fprintf(stderr, "tenonctl: start needs a template name of at most %d "
					"characters\n", SCHED_NAME_SIZE - 1);
			return 0;
		}
		strcpy(r->template_name, argv[1]);
		return options(argc, argv, 2, r);
	case SCHED_OP_PAUSE:
	case SCHED_OP_RESUME:
	case SCHED_OP_STOP:
	case SCHED_OP_SET:
		if (argc < 2 || !number(argv[1], &r->instance)) {
			fprintf(stderr, "tenonctl: %s needs an instance id\n", argv[0]);
			return 0;
		}
		return r->op == SCHED_OP_SET ? options(argc, argv, 2, r) : argc == 2;
	default:
		fprintf(stderr, "tenonctl: unknown command %s\n", argv[0]);
		return 0;
	}
}

static void print(const struct sched_reply *reply)
{
	if (reply->op == SCHED_OP_LIST) {
		printf("%-4s %-15s %-9s %3s %4s %9s %9s %8s %12s\n", "ID", "TEMPLATE", "STATE",
		       "CPU", "PRIO", "BUDGET-US", "PERIOD-US", "OVERRUNS", "CONSUMED-US");
		for (unsigned i = 0; i < reply->count; i++) {
			const struct sched_instance_info *e = &reply->list[i];
			printf("%-4u %-15s %-9s %3u %4u %9u %9u %8u %12llu\n", e->id,
			       e->template_name, sched_state_name(e->state), e->cpu, e->priority,
			       e->budget_us, e->period_us, e->overruns,
			       (unsigned long long)e->consumed_us);
		}
	} else if (reply->op == SCHED_OP_STATS) {
		static const char *const names[7] = {"partitions", "vcpus", "endpoints", "channels",
						     "capabilities", "vmids", "kernel-pages"};
		printf("instances %u\nfree-bytes %llu\n", reply->stats.instances,
		       (unsigned long long)reply->stats.free_bytes);
		for (int i = 0; i < 7; i++)
			if (reply->stats.flags & SCHED_STATS_HYPERVISOR)
				printf("%s %llu\n", names[i],
				       (unsigned long long)reply->stats.hypervisor[i]);
			else
				printf("%s unknown\n", names[i]);
	} else if (reply->op == SCHED_OP_START) {
		printf("started %u\n", reply->instance);
	} else {
		printf("%s %u: done\n", sched_op_name(reply->op), reply->instance);
	}
}

int main(int argc, char **argv)
{
	static uint8_t record[SCHED_REQUEST_SIZE], answer[SCHED_REPLY_MAX];
	static struct sched_reply reply;
	struct sched_request request = {0};
	const char *channel = DEFAULT_CHANNEL;
	struct transport transport;

	if (argc > 2 && strcmp(argv[1], "--channel") == 0) {
		channel = argv[2];
		argc -= 2, argv += 2;
	}
	if (!parse(argc - 1, argv + 1, &request))
		return usage();
	enum sched_status status = sched_request_encode(&request, record);
	if (status != SCHED_OK) {
		fprintf(stderr, "tenonctl: %s: %s\n", sched_status_name(status),
			sched_status_text(status));
		return 2;
	}
	if (!transport_open(&transport, channel))
		return 2;
	if (!sched_mailbox_served(transport.mailbox, transport.size)) {
		fprintf(stderr, "tenonctl: no scheduler serves channel \"%s\"\n", channel);
		return 2;
	}
	uint32_t sequence = sched_mailbox_put_request(transport.mailbox, record);
	transport_ring(&transport);
	for (int waited = 0; !sched_mailbox_take_reply(transport.mailbox, sequence, answer);
	     waited++) {
		if (waited == REPLY_TIMEOUT_MS) {
			fprintf(stderr, "tenonctl: no reply from the scheduler in %d ms\n",
				REPLY_TIMEOUT_MS);
			return 2;
		}
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
	if (sched_reply_decode(answer, sizeof(answer), &reply) != SCHED_OK) {
		fprintf(stderr, "tenonctl: the scheduler's reply is malformed\n");
		return 2;
	}
	if (reply.status != SCHED_OK) {
		fprintf(stderr, "tenonctl: %s: %s\n", sched_status_name(reply.status),
			sched_status_text(reply.status));
		return 1;
	}
	print(&reply);
	return 0;
}
