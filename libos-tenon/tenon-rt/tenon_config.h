/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tenon-rt's build-time choices come from Kconfig alone (libos-tenon/Kconfig): code reads the
 * CONFIG_TENON_* values of the image's own configuration, which an image varies with Kconfig
 * fragments (its build.mk's <image>-config-fragments), never with -D flags. Kconfig's ranges bound
 * every number. This header only turns the two booleans into 0/1 constants, so that code tests
 * them in plain C and the compiler checks both branches in every configuration.
 */
#ifndef TENON_CONFIG_H
#define TENON_CONFIG_H

#ifdef CONFIG_TENON_TICKLESS
#define TENON_TICKLESS 1
#else
#define TENON_TICKLESS 0
#endif

#ifdef CONFIG_TENON_MUTEX_PI
#define TENON_MUTEX_PI 1
#else
#define TENON_MUTEX_PI 0
#endif

#endif
