/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The budget of make test's run with parallel CPUs (test/hostile-guest/test.mk): a third of the
 * -icount run's, because there every CPU is a host thread that the host's own load slows.
 */
#ifndef HOSTILE_BUDGET_H
#define HOSTILE_BUDGET_H
#define HOSTILE_CALLS 30000u
#endif
