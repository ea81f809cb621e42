/* SPDX-License-Identifier: Apache-2.0 */
/* make test's budget: random hypercalls across the three CPUs (test/hostile-soak has the soak's). */
#ifndef HOSTILE_BUDGET_H
#define HOSTILE_BUDGET_H
#define HOSTILE_CALLS 100000u
#endif
