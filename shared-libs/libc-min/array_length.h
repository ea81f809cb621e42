/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The number of elements of an array. Pass an array, never a pointer: sizeof a pointer would give
 * a wrong count without a warning.
 *
 * Here, beside libc-min's standard headers, because libc-min is the C floor everything stands on:
 * every target image links it, it depends on nothing, and its folder is on the include path of
 * every compile, target and host (unit tests, fuzzers, tools). So target and host code, the
 * kernel's hypercall tables and the audit's model of them, count arrays one way.
 */
#ifndef ARRAY_LENGTH_H
#define ARRAY_LENGTH_H

#define ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))

#endif
