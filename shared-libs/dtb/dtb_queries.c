/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Each query of dtb.h on its own, for a reader that needs one or two (a Tenon guest's PSCI, the
 * policy compiler's memory and CPUs): the same pass as dtb_read_platform, then only the fact
 * asked for, whose fields alone are copied out, and only when it is good.
 */
#include <string.h>

#include "dtb_internal.h"

#define COPY_FIELD(to, from, field) memcpy(&(to)->field, &(from)->field, sizeof((to)->field))

static void copy_fact(struct dtb_platform *to, const struct dtb_platform *from,
		      enum dtb_fact fact)
{
	switch (fact) {
	case DTB_FACT_PSCI:
		COPY_FIELD(to, from, psci);
		break;
	case DTB_FACT_CHOSEN:
		COPY_FIELD(to, from, bootargs);
		COPY_FIELD(to, from, initrd);
		COPY_FIELD(to, from, modules);
		COPY_FIELD(to, from, module_features);
		COPY_FIELD(to, from, module_count);
		COPY_FIELD(to, from, root_module);
		COPY_FIELD(to, from, module_cpu);
		COPY_FIELD(to, from, fdt_size);
		break;
	case DTB_FACT_MEMORY:
		COPY_FIELD(to, from, memory);
		COPY_FIELD(to, from, memory_count);
		break;
	case DTB_FACT_CPUS:
		COPY_FIELD(to, from, cpu_mpidr);
		COPY_FIELD(to, from, cpu_count);
		COPY_FIELD(to, from, cpus_ignored);
		break;
	case DTB_FACT_UART:
		COPY_FIELD(to, from, uart_base);
		COPY_FIELD(to, from, uart_intid);
		COPY_FIELD(to, from, hypervisor_console);
		COPY_FIELD(to, from, console_capability);
		break;
	case DTB_FACT_GIC:
		COPY_FIELD(to, from, gic);
		break;
	case DTB_FACT_TIMER:
	default:
		COPY_FIELD(to, from, timer);
		break;
	}
}

static enum dtb_status read_fact(const void *fdt, enum dtb_fact fact,
				 struct dtb_platform *platform, struct dtb_diagnostic *diagnostic)
{
	struct dtb_collector collector;
	enum dtb_status status = dtb_check_collect(fdt, &collector, diagnostic);

	if (status == DTB_OK)
		status = dtb_finish(&collector, fact, diagnostic);
	if (status == DTB_OK)
		copy_fact(platform, &collector.platform, fact);
	return status;
}

enum dtb_status dtb_read_memory(const void *fdt, struct dtb_platform *platform,
				struct dtb_diagnostic *diagnostic)
{
	return read_fact(fdt, DTB_FACT_MEMORY, platform, diagnostic);
}

enum dtb_status dtb_read_cpus(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic)
{
	return read_fact(fdt, DTB_FACT_CPUS, platform, diagnostic);
}

enum dtb_status dtb_read_uart(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic)
{
	return read_fact(fdt, DTB_FACT_UART, platform, diagnostic);
}

enum dtb_status dtb_read_gic(const void *fdt, struct dtb_platform *platform,
			     struct dtb_diagnostic *diagnostic)
{
	return read_fact(fdt, DTB_FACT_GIC, platform, diagnostic);
}

enum dtb_status dtb_read_timer(const void *fdt, struct dtb_platform *platform,
			       struct dtb_diagnostic *diagnostic)
{
	return read_fact(fdt, DTB_FACT_TIMER, platform, diagnostic);
}

enum dtb_status dtb_read_psci(const void *fdt, struct dtb_platform *platform,
			      struct dtb_diagnostic *diagnostic)
{
	return read_fact(fdt, DTB_FACT_PSCI, platform, diagnostic);
}

enum dtb_status dtb_read_chosen(const void *fdt, struct dtb_platform *platform,
				struct dtb_diagnostic *diagnostic)
{
	return read_fact(fdt, DTB_FACT_CHOSEN, platform, diagnostic);
}
