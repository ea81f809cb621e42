/* SPDX-License-Identifier: Apache-2.0 */
/* Files and commands for `build`: whole files read and written, and other programs (make, dtc,
 * QEMU) run without a shell, so no path or name from a plan is ever parsed as shell text. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "orchestrate.h"

void *file_read(const char *path, size_t limit, size_t *size)
{
	FILE *file = fopen(path, "rb");
	char *data;
	long length;

	if (file == NULL)
		return NULL;
	if (fseek(file, 0, SEEK_END) != 0 || (length = ftell(file)) < 0 || (size_t)length > limit ||
	    fseek(file, 0, SEEK_SET) != 0) {
		fclose(file);
		return NULL;
	}
	/* One byte more, so a text file is also a string; malloc's alignment suits libfdt. */
	data = malloc((size_t)length + 1);
	if (data && fread(data, 1, (size_t)length, file) != (size_t)length) {
		free(data);
		data = NULL;
	}
	fclose(file);
	if (data) {
		data[length] = '\0';
		*size = (size_t)length;
	}
	return data;
}

bool file_write(const char *path, const void *data, size_t size)
{
	FILE *file = fopen(path, "wb");
	bool ok = file && fwrite(data, 1, size, file) == size;

	if (file)
		ok = fclose(file) == 0 && ok;
	if (!ok)
		fprintf(stderr, "tenon-orchestrate: cannot write %s\n", path);
	return ok;
}

bool file_copy(const char *from, const char *to, bool only_if_different)
{
	size_t size, old_size;
	void *data = file_read(from, FILE_COPY_LIMIT, &size), *old;
	bool ok;

	if (data == NULL) {
		fprintf(stderr, "tenon-orchestrate: cannot read %s\n", from);
		return false;
	}
	/* Unchanged bytes keep their time stamp, so make rebuilds nothing for an unchanged plan. */
	if (only_if_different && (old = file_read(to, FILE_COPY_LIMIT, &old_size))) {
		bool same = old_size == size && memcmp(old, data, size) == 0;
		free(old);
		if (same) {
			free(data);
			return true;
		}
	}
	ok = file_write(to, data, size);
	free(data);
	return ok;
}

int command_run(char *const argv[], const char *output)
{
	pid_t child = fork();
	int status;

	if (child < 0)
		return -1;
	if (child == 0) {
		/* A make inside make test must not join its caller's job server. */
		unsetenv("MAKEFLAGS");
		unsetenv("MFLAGS");
		unsetenv("MAKELEVEL");
		if (output) {
			int fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0666);
			if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
				_exit(126);
			close(fd);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "tenon-orchestrate: cannot run %s\n", argv[0]);
		_exit(127);
	}
	if (waitpid(child, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
