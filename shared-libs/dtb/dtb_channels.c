/* SPDX-License-Identifier: Apache-2.0 */
/*
 * /tenonos,channels as the root component writes it (vmm/README.md): one child per channel,
 * named as the policy names it. An end of the channel has reg (where the shared memory is), peer
 * and peer-end, and doorbell-intid when the channel has a doorbell; linux-view ("raw" or "pci")
 * says how a Linux end sees it (a VMM's guest@N/channels has it); a partition that holds the
 * channel without being an end has none of these. capability and memory-capability are the
 * selectors of what it holds.
 */
#include "dtb_walk.h"

#include <string.h>

#define CHANNELS_NODE "/tenonos,channels"
#define CHANNEL_NODE CHANNELS_NODE "/channel"

/* An optional one-cell property; false when present with another length. */
static bool optional_cell(const void *fdt, int node, const char *name, bool *present,
			  uint32_t *value)
{
	int length;
	const dtb_cell *cell = dtb_property(fdt, node, name, &length);

	*present = cell != NULL;
	if (cell == NULL)
		return true;
	if (length != (int)sizeof(dtb_cell))
		return false;
	*value = dtb_load_cell(cell);
	return true;
}

static enum dtb_status read_end(const void *fdt, int node, const struct dtb_reg_layout *layout,
				struct dtb_channel *channel, struct dtb_diagnostic *diagnostic)
{
	struct dtb_value value;
	const dtb_cell *reg;
	unsigned entries;
	bool has_peer_end, has_doorbell;

	value.data = dtb_property(fdt, node, "reg", &value.length);
	enum dtb_status status =
		dtb_reg_entries(&value, CHANNEL_NODE, layout, &reg, &entries, diagnostic);

	if (status == DTB_OK && entries != 1)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "reg",
				"one range: the channel's shared memory");
	if (status == DTB_OK)
		status = dtb_reg_entry(reg, layout, 0, CHANNEL_NODE, &channel->memory, diagnostic);
	if (status != DTB_OK)
		return status;
	if (channel->memory.size == 0 ||
	    channel->memory.base + channel->memory.size < channel->memory.base)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "reg",
				"a non-empty range that does not wrap");
	if (dtb_string_property(fdt, node, "peer", &channel->peer) != DTB_STRING_PRESENT)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "peer",
				"one string: the partition at the channel's other end");
	if (!optional_cell(fdt, node, "peer-end", &has_peer_end, &channel->peer_end) ||
	    !has_peer_end || channel->peer_end > 1)
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "peer-end",
				"one cell, 0 or 1: the end that rings the peer");
	if (!optional_cell(fdt, node, "doorbell-intid", &has_doorbell, &channel->doorbell_intid) ||
	    (has_doorbell && (channel->doorbell_intid < GICV3_FIRST_SPI ||
			      channel->doorbell_intid > GICV3_LAST_SPI)))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "doorbell-intid",
				"one cell: an SPI INTID, 32 to 1019");
	const char *view = "raw";
	if (dtb_string_property(fdt, node, "linux-view", &view) == DTB_STRING_MALFORMED ||
	    (strcmp(view, "raw") != 0 && strcmp(view, "pci") != 0))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "linux-view",
				"\"raw\" or \"pci\"");
	channel->linux_pci = strcmp(view, "pci") == 0;
	return DTB_OK;
}

static enum dtb_status read_channel(const void *fdt, int node, const struct dtb_reg_layout *layout,
				    struct dtb_channel *channel, struct dtb_diagnostic *diagnostic)
{
	*channel = (struct dtb_channel){.name = dtb_node_name(fdt, node)};
	if (!dtb_compatible(fdt, node, "tenonos,channel"))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "compatible",
				"\"tenonos,channel\"");
	if (dtb_property(fdt, node, "reg", NULL) != NULL) {
		enum dtb_status status = read_end(fdt, node, layout, channel, diagnostic);
		if (status != DTB_OK)
			return status;
	}
	if (!optional_cell(fdt, node, "capability", &channel->has_capability, &channel->capability))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "capability",
				"one cell: the selector of the channel capability");
	if (!optional_cell(fdt, node, "memory-capability", &channel->has_memory_capability,
			   &channel->memory_capability))
		return dtb_fail(diagnostic, DTB_ERR_BAD_PROPERTY, CHANNEL_NODE, "memory-capability",
				"one cell: the selector of the channel's memory capability");
	return DTB_OK;
}

enum dtb_status dtb_read_channels(const void *fdt, struct dtb_channels *channels,
				  struct dtb_diagnostic *diagnostic)
{
	enum dtb_status status = dtb_check(fdt, diagnostic);

	channels->count = 0;
	if (status != DTB_OK)
		return status;
	int container = dtb_path_node(fdt, CHANNELS_NODE, sizeof(CHANNELS_NODE) - 1);
	return container < 0 ? dtb_succeed(diagnostic) :
			       dtb_read_channels_in(fdt, container, channels, diagnostic);
}

enum dtb_status dtb_read_channels_in(const void *fdt, int container, struct dtb_channels *channels,
				     struct dtb_diagnostic *diagnostic)
{
	struct dtb_reg_layout layout;
	enum dtb_status status;
	int node;

	channels->count = 0;
	status = dtb_bus_reg_layout(fdt, container, CHANNELS_NODE, &layout, diagnostic);
	if (status != DTB_OK)
		return status;
	dtb_for_each_child(node, fdt, container) {
		if (channels->count == DTB_MAX_CHANNELS)
			return dtb_fail(diagnostic, DTB_ERR_TOO_MANY, CHANNEL_NODE, "",
					"at most " DTB_STRINGIFY(DTB_MAX_CHANNELS) " channels");
		status = read_channel(fdt, node, &layout, &channels->channel[channels->count],
				      diagnostic);
		if (status != DTB_OK)
			return status;
		channels->count++;
	}
	return dtb_succeed(diagnostic);
}
