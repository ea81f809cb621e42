/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the Mode 2 benchmark's instances (arch/aarch64/mode2_instance.S) and the caps guest share:
 * the instance code runs at IPA 0 of a partition of its own, with the MMU off, and writes into a
 * mailbox page mapped at MODE2_MAILBOX_IPA in every instance and in the caps guest. Each
 * instance has a slot there; times are virtual counter values.
 */
#ifndef MODE2_BENCH_H
#define MODE2_BENCH_H

#define MODE2_MAILBOX_IPA 0x1000
#define MODE2_SLOT_SIZE 0x200
/* An instance's x0: its slot (0 or 1; the other slot is its peer's), and how it runs. */
#define MODE2_SLOT_MASK 1
#define MODE2_TIMER_MODE_BIT 8 /* arm its virtual timer and WFI, instead of spinning */
/* In a slot: */
#define MODE2_FIRST 0	/* the counter at its first instruction */
#define MODE2_LAST 8	/* the counter at its latest loop pass (spin) or before its WFI */
#define MODE2_COUNT 16	/* samples taken so far */
#define MODE2_SAMPLES 64 /* a ring of MODE2_RING samples, in counter ticks */
#define MODE2_RING 32
/* A spinning instance takes a sample when two counter reads are further apart than this. */
#define MODE2_GAP_TICKS 8
/* A timer-mode instance's timer: this many ticks after it arms it. */
#define MODE2_TIMER_TICKS 4000

#endif
