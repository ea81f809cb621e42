/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sched-proto: the requests a partition makes of a pool's sched component (vmm/sched/) over a
 * control channel, and the replies, as fixed-size little-endian records in the channel's shared
 * memory (a mailbox; the doorbell says "look"). tenonctl (Linux), the sched component and Tenon
 * use this code alike.
 *
 * Both directions are hostile input: a request may come from any partition the policy gives a
 * control channel, a reply from a component the client does not trust to be well-formed. The
 * mailbox functions copy a record out of shared memory before anything reads it (the peer may
 * rewrite it meanwhile), and the decoders check every byte: a refused request fills in nothing, a
 * refused reply leaves *reply meaningless, and the status names what was wrong.
 *
 * Mailbox (at the start of the channel memory, SCHED_MAILBOX_SIZE bytes, 4-byte aligned):
 *   0 magic "TSCH" (the server writes it when it starts serving), 4 request sequence (the
 *   client's, bumped after it writes the request), 8 reply sequence (the server's: the request
 *   sequence it answers, written after the reply), 12 reserved, 16 request (64 B), 80 reply.
 * Request, 64 B: 0 op, 1 version, 2..3 reserved, 4 fields (SCHED_FIELD_*), 8 instance,
 *   12 priority, 16 budget us, 20 period us, 24..31 reserved, 32 template name (NUL-padded).
 * Reply header, 16 B: 0 status, 1 op, 2 count, 4 instance, 8..15 reserved; then count
 *   instance records of 48 B (list) or one stats record of 80 B (stats).
 */
#ifndef SCHED_PROTO_H
#define SCHED_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCHED_PROTO_VERSION 1u
#define SCHED_MAILBOX_MAGIC 0x48435354u /* "TSCH" as bytes */
#define SCHED_NAME_SIZE 16		/* a template's name with its NUL (HC_PARTITION_NAME_SIZE) */
#define SCHED_LIST_MAX 64		/* instances a list reply holds */
#define SCHED_PERIOD_MAX_US 10000000u /* 10 s: POLICY_TEMPLATE_PERIOD_MAX_US */
#define SCHED_PRIORITY_MAX 0xffu      /* CAP_SCHED_PRIORITY_MAX */

#define SCHED_REQUEST_SIZE 64u
#define SCHED_REPLY_HEADER_SIZE 16u
#define SCHED_INSTANCE_RECORD_SIZE 48u
#define SCHED_STATS_RECORD_SIZE 80u
#define SCHED_REPLY_MAX (SCHED_REPLY_HEADER_SIZE + SCHED_LIST_MAX * SCHED_INSTANCE_RECORD_SIZE)
#define SCHED_MAILBOX_REQUEST 16u
#define SCHED_MAILBOX_REPLY (SCHED_MAILBOX_REQUEST + SCHED_REQUEST_SIZE)
#define SCHED_MAILBOX_SIZE (SCHED_MAILBOX_REPLY + SCHED_REPLY_MAX)

enum sched_op {
	SCHED_OP_LIST = 1, /* every instance and its state */
	SCHED_OP_START,	   /* an instance of template name, optionally priority/budget/period */
	SCHED_OP_PAUSE,	   /* instance stops being scheduled, resumable */
	SCHED_OP_RESUME,
	SCHED_OP_STOP, /* instance destroyed, its memory back to the pool */
	SCHED_OP_SET,  /* instance's priority and/or budget and period */
	SCHED_OP_STATS, /* Mortise's object counts and the scheduler's free memory */
	SCHED_OP_END
};

enum sched_status {
	SCHED_OK,
	SCHED_ERR_MALFORMED,	     /* no record of this protocol: op, version, reserved bytes */
	SCHED_ERR_BAD_ARGUMENTS,     /* a field out of its domain or not allowed for the op */
	SCHED_ERR_UNKNOWN_TEMPLATE,  /* start: no template of that name in the scheduler's pools */
	SCHED_ERR_UNKNOWN_INSTANCE,  /* no running instance with that id */
	SCHED_ERR_ADMISSION_REFUSED, /* it would overload a CPU or break an instance's guarantee */
	SCHED_ERR_LIMIT,	     /* max-instances of the template running, or no memory left */
	SCHED_ERR_MISSING_RIGHTS,    /* this channel may not make that request */
	SCHED_ERR_NOT_SUPPORTED,     /* Mortise lacks the mechanism (CAP_NOT_SUPPORTED) */
	SCHED_ERR_FAILED,	     /* a hypercall failed where it should not have; nothing changed */
	SCHED_STATUS_END
};

/* Which optional fields a start or set request carries. */
#define SCHED_FIELD_PRIORITY (1u << 0)
#define SCHED_FIELD_BUDGET (1u << 1) /* budget_us and period_us together */
#define SCHED_FIELDS (SCHED_FIELD_PRIORITY | SCHED_FIELD_BUDGET)

struct sched_request {
	uint8_t op; /* enum sched_op */
	uint32_t fields;
	uint32_t instance; /* pause, resume, stop, set; 0 otherwise */
	uint32_t priority; /* 1..SCHED_PRIORITY_MAX */
	uint32_t budget_us, period_us; /* 1 <= budget <= period <= SCHED_PERIOD_MAX_US */
	char template_name[SCHED_NAME_SIZE]; /* start only: printable, non-empty; "" otherwise */
};

enum sched_instance_state {
	SCHED_STATE_RUNNING,   /* running or runnable */
	SCHED_STATE_PAUSED,
	SCHED_STATE_THROTTLED, /* out of budget until its next period */
	SCHED_STATE_STOPPED,   /* ended (crashed or powered off), not yet reclaimed */
	SCHED_STATE_END
};

struct sched_instance_info {
	uint32_t id;
	uint8_t state; /* enum sched_instance_state */
	uint8_t cpu;
	uint8_t priority;
	uint32_t budget_us, period_us;
	uint32_t overruns;    /* times it ran out of budget */
	uint64_t consumed_us; /* CPU time used */
	char template_name[SCHED_NAME_SIZE];
};

#define SCHED_STATS_HYPERVISOR (1u << 0) /* the hypervisor's counts are valid (hypervisor.stats) */
struct sched_stats {
	uint32_t flags;
	uint32_t instances;
	uint64_t free_bytes; /* memory the scheduler has left to carve instances from */
	/* hypervisor.stats, in its order: partitions, vCPUs, endpoints, channels, capability
	 * entries, VMIDs, kernel pages donated and not returned. */
	uint64_t hypervisor[7];
};

struct sched_reply {
	uint8_t status; /* enum sched_status */
	uint8_t op;
	uint32_t instance; /* start: the new instance's id */
	uint16_t count;	   /* list: entries in list */
	struct sched_instance_info list[SCHED_LIST_MAX];
	struct sched_stats stats; /* stats only */
};

const char *sched_status_name(enum sched_status status);
/* One line for a person: what the status means. */
const char *sched_status_text(enum sched_status status);
const char *sched_op_name(enum sched_op op);
/* SCHED_OP_END for a name that is no op ("list", "start", ...). */
enum sched_op sched_op_from_name(const char *name);
const char *sched_state_name(enum sched_instance_state state);

/* Checks the request as decode would, then writes its record. */
enum sched_status sched_request_encode(const struct sched_request *request,
				       uint8_t out[SCHED_REQUEST_SIZE]);
enum sched_status sched_request_decode(const uint8_t *in, size_t size,
				       struct sched_request *request);
/* The reply's record, at most SCHED_REPLY_MAX bytes; 0 when reply itself is out of domain. */
size_t sched_reply_encode(const struct sched_reply *reply, uint8_t *out, size_t size);
/* SCHED_OK when in holds a well-formed reply (whatever its own status), else MALFORMED. */
enum sched_status sched_reply_decode(const uint8_t *in, size_t size, struct sched_reply *reply);

/* Server: mark the mailbox served; false when it is smaller than SCHED_MAILBOX_SIZE. */
bool sched_mailbox_serve(void *mailbox, size_t size);
/* Server: a request not yet answered, copied out into record; false when there is none. */
bool sched_mailbox_take_request(const void *mailbox, uint8_t record[SCHED_REQUEST_SIZE],
				uint32_t *sequence);
/* Server: reply (length bytes of record) to the request of sequence. */
void sched_mailbox_put_reply(void *mailbox, const uint8_t *record, size_t length,
			     uint32_t sequence);
/* Client: false when no scheduler serves the mailbox (no magic) or it is too small. */
bool sched_mailbox_served(const void *mailbox, size_t size);
/* Client: writes the request record and bumps the sequence; returns the sequence to await. */
uint32_t sched_mailbox_put_request(void *mailbox, const uint8_t record[SCHED_REQUEST_SIZE]);
/* Client: when the reply to sequence is there, copies it (SCHED_REPLY_MAX bytes) out; else false. */
bool sched_mailbox_take_reply(const void *mailbox, uint32_t sequence,
			      uint8_t record[SCHED_REPLY_MAX]);

#endif
