/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The build-time choices of tenon-rt: Kconfig values, which an image may override with a -D in its
 * build.mk (the test images do, so one .config yields a periodic and a tickless test image).
 */
#ifndef TENON_CONFIG_H
#define TENON_CONFIG_H

#ifndef TENON_TICKLESS
#ifdef CONFIG_TENON_TICKLESS
#define TENON_TICKLESS 1
#else
#define TENON_TICKLESS 0
#endif
#endif

#ifndef TENON_TICK_HZ
#ifdef CONFIG_TENON_TICK_HZ
#define TENON_TICK_HZ CONFIG_TENON_TICK_HZ
#else
#define TENON_TICK_HZ 1000
#endif
#endif

#ifndef TENON_PRIORITIES
#ifdef CONFIG_TENON_PRIORITIES
#define TENON_PRIORITIES CONFIG_TENON_PRIORITIES
#else
#define TENON_PRIORITIES 32
#endif
#endif

#ifndef TENON_TIME_SLICE_US
#ifdef CONFIG_TENON_TIME_SLICE_US
#define TENON_TIME_SLICE_US CONFIG_TENON_TIME_SLICE_US
#else
#define TENON_TIME_SLICE_US 0
#endif
#endif

#ifndef TENON_MUTEX_PI
#ifdef CONFIG_TENON_MUTEX_PI
#define TENON_MUTEX_PI 1
#else
#define TENON_MUTEX_PI 0
#endif
#endif

#ifndef TENON_MUTEX_MAX_CHAIN
#ifdef CONFIG_TENON_MUTEX_MAX_CHAIN
#define TENON_MUTEX_MAX_CHAIN CONFIG_TENON_MUTEX_MAX_CHAIN
#else
#define TENON_MUTEX_MAX_CHAIN 8
#endif
#endif

#ifndef TENON_TIMER_CAPACITY
#ifdef CONFIG_TENON_TIMER_CAPACITY
#define TENON_TIMER_CAPACITY CONFIG_TENON_TIMER_CAPACITY
#else
#define TENON_TIMER_CAPACITY 256
#endif
#endif

#ifndef TENON_IDLE_STACK_SIZE
#ifdef CONFIG_TENON_IDLE_STACK_SIZE
#define TENON_IDLE_STACK_SIZE CONFIG_TENON_IDLE_STACK_SIZE
#else
#define TENON_IDLE_STACK_SIZE 8192
#endif
#endif

#ifndef TENON_IRQ_MAX_NESTING
#ifdef CONFIG_TENON_IRQ_MAX_NESTING
#define TENON_IRQ_MAX_NESTING CONFIG_TENON_IRQ_MAX_NESTING
#else
#define TENON_IRQ_MAX_NESTING 4
#endif
#endif

#ifndef TENON_SMP_CPUS
#ifdef CONFIG_TENON_SMP_CPUS
#define TENON_SMP_CPUS CONFIG_TENON_SMP_CPUS
#else
#define TENON_SMP_CPUS 1
#endif
#endif

/* CPUs with a struct tenon_cpu: 1 compiles every SMP path (kernel lock, IPIs) out. */
#define TENON_CPUS TENON_SMP_CPUS

#if TENON_CPUS < 1 || (defined(CONFIG_MAX_CPUS) && TENON_CPUS > CONFIG_MAX_CPUS)
#error "TENON_SMP_CPUS must be 1..CONFIG_MAX_CPUS"
#endif

#if TENON_IRQ_MAX_NESTING < 1
#error "TENON_IRQ_MAX_NESTING must be at least 1 (1 = handlers never nest)"
#endif

#if TENON_PRIORITIES < 32 || TENON_PRIORITIES > 1024
#error "TENON_PRIORITIES must be 32..1024 (two-level 32-bit bitmap)"
#endif

#endif
