/* SPDX-License-Identifier: Apache-2.0 */
#ifndef TENON_RT_TESTS_H
#define TENON_RT_TESTS_H

int run_readyq_tests(void);
int run_timer_heap_tests(void);
int run_pi_tests(void);
int run_deferq_tests(void);
int run_percpu_tests(void);

struct tenon_readyq;
/* Nodes queued at every priority: what the tests check where the queue keeps no count. */
unsigned readyq_nodes(const struct tenon_readyq *queue);

#endif
