/* SPDX-License-Identifier: Apache-2.0 */
/* The board a plan is for: its CPUs and RAM, read from the board's devicetree with the project's
 * own devicetree reader (shared-libs/dtb, the checks Mortise makes at boot), so a plan never
 * gives a partition a CPU or memory the board does not have. */
#include <stdlib.h>
#include <string.h>

#include "dtb.h"
#include "orchestrate.h"

bool board_read(const char *path, struct board *board)
{
	struct dtb_platform platform;
	struct dtb_diagnostic diagnostic;
	size_t size;
	void *blob = file_read(path, DTB_MAX_SIZE, &size);
	enum dtb_status status;

	if (blob == NULL) {
		fprintf(stderr, "tenon-orchestrate: cannot read the board's devicetree %s (at most "
				"%u bytes)\n", path, DTB_MAX_SIZE);
		return false;
	}
	status = dtb_read_cpus(blob, &platform, &diagnostic);
	if (status == DTB_OK)
		status = dtb_read_memory(blob, &platform, &diagnostic);
	free(blob);
	if (status != DTB_OK) {
		fprintf(stderr, "tenon-orchestrate: %s: %s: %s %s: expected %s\n", path,
			dtb_status_name(status), diagnostic.node, diagnostic.property,
			diagnostic.expected);
		return false;
	}
	memset(board, 0, sizeof(*board));
	snprintf(board->source, sizeof(board->source), "%s", path);
	board->cpus = platform.cpu_count + platform.cpus_ignored;
	for (unsigned r = 0; r < platform.memory_count; r++)
		board->memory_bytes += platform.memory[r].size;
	return true;
}
