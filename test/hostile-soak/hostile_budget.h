/* SPDX-License-Identifier: Apache-2.0 */
/* make soak's budget: ten times make test's. */
#ifndef HOSTILE_BUDGET_H
#define HOSTILE_BUDGET_H
#define HOSTILE_CALLS 1000000u
#endif
