/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where the heartbeat partition runs, for itself, for the hostile guest that must never be given
 * that CPU, and for test/hostile-guest/test.mk, which reads the number from this line.
 */
#ifndef HEARTBEAT_H
#define HEARTBEAT_H

#define HEARTBEAT_CPU 3

#endif
