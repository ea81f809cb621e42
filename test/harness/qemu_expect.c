/* SPDX-License-Identifier: Apache-2.0 */
/*
 * qemu-expect: boot an image by running a command (normally QEMU), check its console against an
 * expectation script, and never leave the command running.
 *
 *   qemu-expect [--timeout SECONDS] [--log FILE] SCRIPT -- COMMAND [ARGS...]
 *
 * Script directives, one per line; blank lines and lines starting with '#' are ignored, and
 * trailing white space is dropped (write [ ] in a regex that must end in a space):
 *   expect REGEX   the next console line matching REGEX (POSIX ERE) must come, in order
 *   reject REGEX   any console line matching REGEX fails the run at once, from the point
 *                  where every expect above it has matched (at the top: from the start)
 *   send TEXT      types TEXT and a newline into the command's stdin as soon as every expect
 *                  above it has matched (at once if none is above it); TEXT may use the
 *                  escapes \n \r \t \\ and \xHH (\x20 for a trailing space, \x03 for Ctrl-C)
 *   exit STATUS    after the last expect, the command must exit by itself with STATUS;
 *                  without it the command is stopped as soon as the last expect matched
 *
 * A line still without its newline (a shell prompt waiting for input) is matched against the
 * next expect once the console has been quiet for PARTIAL_QUIET_MS. If it matches, the rest of
 * that line, when it comes, is matched from where the partial line ended (with ^ no longer
 * matching there), so the same text never satisfies two expects. Rejects see whole lines only.
 *
 * The command's stdin is a pipe held by qemu-expect when the script sends anything, and
 * /dev/null otherwise.
 *
 * Exit status: 0 pass, 1 fail, 2 usage or script error.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum outcome {
	OUTCOME_PASS = 0,
	OUTCOME_FAIL = 1,
	OUTCOME_USAGE = 2,
};

#define DEFAULT_TIMEOUT_SECONDS 60.0
/* Console lines longer than this are matched in pieces; no boot log line comes near it. */
#define LINE_LIMIT 65536
/* How often the child is checked for having exited while its output is quiet. */
#define CHILD_POLL_MS 50
#define TERM_GRACE_MS 2000
/*
 * Quiet time before a partial line is matched: long enough that a line QEMU writes a byte at a
 * time is not cut in two, short next to a prompt's wait for input.
 */
#define PARTIAL_QUIET_MS 200
#define REASON_SIZE 1024

struct pattern {
	regex_t regex;
	char *text;
	unsigned script_line;
	/* A reject is armed once this many expects have matched (those above it in the script). */
	size_t after_expects;
};

struct pattern_list {
	struct pattern *items;
	size_t count;
};

struct send {
	char *bytes;
	size_t len;
	/* Sent once this many expects have matched. */
	size_t after_expects;
	unsigned script_line;
};

struct send_list {
	struct send *items;
	size_t count;
};

struct script {
	const char *path;
	struct pattern_list expects;
	struct pattern_list rejects;
	struct send_list sends;
	bool has_exit;
	int exit_status;
};

struct console {
	char *log;
	size_t log_len;
	size_t log_cap;
	FILE *log_file;
	char line[LINE_LIMIT + 1];
	size_t line_len;
	/* How much of the line a partial match already used up; later expects see the rest only. */
	size_t line_consumed;
	/* The partial line has new bytes since it was last matched. */
	bool partial_untried;
	unsigned long lines_seen;
};

struct command {
	pid_t pid;
	int output_fd;
	int input_fd;
	bool exited;
	bool reaped;
	int wait_status;
};

struct run {
	const struct script *script;
	struct console console;
	size_t next_expect;
	size_t next_send;
	/* Where sends go: the command's stdin pipe, -1 before it starts. */
	int input_fd;
	/* A reject matched or a send could not be written: the run is over. */
	bool failed;
	double last_output;
	char reason[REASON_SIZE];
};

static volatile sig_atomic_t interrupting_signal;

static void note_interrupt(int signo)
{
	interrupting_signal = signo;
}

static void *checked_realloc(void *old, size_t size)
{
	void *grown = realloc(old, size);

	if (!grown) {
		fputs("qemu-expect: out of memory\n", stderr);
		exit(OUTCOME_USAGE);
	}
	return grown;
}

static char *checked_strdup(const char *text)
{
	size_t size = strlen(text) + 1;
	char *copy = checked_realloc(NULL, size);

	memcpy(copy, text, size);
	return copy;
}

static double monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec pause = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&pause, NULL);
}

/* ---- Script ------------------------------------------------------------------------------- */

static void script_error(const struct script *script, unsigned line, const char *format, ...)
{
	va_list args;

	fprintf(stderr, "qemu-expect: %s:%u: ", script->path, line);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}

static bool add_pattern(struct script *script, struct pattern_list *list, const char *text,
			unsigned line)
{
	struct pattern *pattern;
	int error;

	list->items = checked_realloc(list->items, (list->count + 1) * sizeof(*list->items));
	pattern = &list->items[list->count];
	error = regcomp(&pattern->regex, text, REG_EXTENDED | REG_NOSUB);
	if (error != 0) {
		char message[256];

		regerror(error, &pattern->regex, message, sizeof(message));
		script_error(script, line, "bad regex '%s': %s", text, message);
		return false;
	}
	pattern->text = checked_strdup(text);
	pattern->script_line = line;
	pattern->after_expects = script->expects.count;
	list->count++;
	return true;
}

static bool parse_exit_status(const char *text, int *status)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < 0 || value > 255)
		return false;
	*status = (int)value;
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes TEXT's escapes into what is typed, a newline appended. */
static bool add_send(struct script *script, const char *text, unsigned line)
{
	size_t len = strlen(text);
	char *bytes = checked_realloc(NULL, len + 2);
	size_t out = 0;
	struct send *send;

	for (size_t in = 0; in < len; in++) {
		char escaped;

		if (text[in] != '\\') {
			bytes[out++] = text[in];
			continue;
		}
		escaped = text[++in];
		if (escaped == 'n') {
			bytes[out++] = '\n';
		} else if (escaped == 'r') {
			bytes[out++] = '\r';
		} else if (escaped == 't') {
			bytes[out++] = '\t';
		} else if (escaped == '\\') {
			bytes[out++] = '\\';
		} else if (escaped == 'x' && hex_digit(text[in + 1]) >= 0 &&
			   hex_digit(text[in + 2]) >= 0) {
			bytes[out++] = (char)(hex_digit(text[in + 1]) * 16 + hex_digit(text[in + 2]));
			in += 2;
		} else {
			script_error(script, line, "bad escape in send '%s' (\\n \\r \\t \\\\ \\xHH)",
				     text);
			free(bytes);
			return false;
		}
	}
	bytes[out++] = '\n';
	script->sends.items = checked_realloc(script->sends.items,
					      (script->sends.count + 1) * sizeof(*script->sends.items));
	send = &script->sends.items[script->sends.count++];
	send->bytes = bytes;
	send->len = out;
	send->after_expects = script->expects.count;
	send->script_line = line;
	return true;
}

static bool parse_directive(struct script *script, char *text, unsigned line)
{
	char *argument = text + strcspn(text, " \t");
	size_t keyword_len = (size_t)(argument - text);

	argument += strspn(argument, " \t");
	if (*argument == '\0') {
		script_error(script, line, "'%.*s' needs an argument", (int)keyword_len, text);
		return false;
	}
	if (keyword_len == 6 && strncmp(text, "expect", 6) == 0)
		return add_pattern(script, &script->expects, argument, line);
	if (keyword_len == 6 && strncmp(text, "reject", 6) == 0)
		return add_pattern(script, &script->rejects, argument, line);
	if (keyword_len == 4 && strncmp(text, "send", 4) == 0)
		return add_send(script, argument, line);
	if (keyword_len == 4 && strncmp(text, "exit", 4) == 0) {
		if (script->has_exit) {
			script_error(script, line, "a second 'exit' directive");
			return false;
		}
		if (!parse_exit_status(argument, &script->exit_status)) {
			script_error(script, line, "exit status '%s' is not a number from 0 to 255",
				     argument);
			return false;
		}
		script->has_exit = true;
		return true;
	}
	script_error(script, line, "unknown directive '%.*s' (expect, reject, send or exit)",
		     (int)keyword_len, text);
	return false;
}

static bool load_script(struct script *script)
{
	FILE *file = fopen(script->path, "r");
	char *text = NULL;
	size_t text_cap = 0;
	unsigned line = 0;
	bool ok = true;

	if (!file) {
		fprintf(stderr, "qemu-expect: cannot open script '%s': %s\n", script->path,
			strerror(errno));
		return false;
	}
	while (ok && getline(&text, &text_cap, file) >= 0) {
		char *start = text;
		size_t len = strlen(text);

		line++;
		while (len > 0 && strchr(" \t\r\n", text[len - 1]))
			text[--len] = '\0';
		start += strspn(start, " \t");
		if (*start == '\0' || *start == '#')
			continue;
		ok = parse_directive(script, start, line);
	}
	free(text);
	fclose(file);
	if (ok && script->expects.count == 0 && !script->has_exit) {
		script_error(script, line, "no 'expect' or 'exit' directive, nothing to check");
		ok = false;
	}
	return ok;
}

static void free_patterns(struct pattern_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		regfree(&list->items[i].regex);
		free(list->items[i].text);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

static void free_script(struct script *script)
{
	free_patterns(&script->expects);
	free_patterns(&script->rejects);
	for (size_t i = 0; i < script->sends.count; i++)
		free(script->sends.items[i].bytes);
	free(script->sends.items);
}

/* ---- Console ------------------------------------------------------------------------------ */

static void set_reason(struct run *run, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(run->reason, sizeof(run->reason), format, args);
	va_end(args);
}

static bool all_expects_matched(const struct run *run)
{
	return run->next_expect == run->script->expects.count;
}

/*
 * Stops at the first verdict (a reject, or the last expect matched without an exit directive
 * to wait for), so no line after it can change the outcome.
 */
static bool verdict_reached(const struct run *run)
{
	return run->failed || (all_expects_matched(run) && !run->script->has_exit);
}

static bool write_all(int fd, const char *bytes, size_t len)
{
	while (len > 0) {
		ssize_t written = write(fd, bytes, len);

		if (written < 0 && errno == EINTR)
			continue;
		if (written <= 0)
			return false;
		bytes += written;
		len -= (size_t)written;
	}
	return true;
}

/* Types every send whose expects have all matched, in script order. */
static void send_due(struct run *run)
{
	const struct send_list *sends = &run->script->sends;

	while (!run->failed && run->input_fd >= 0 && run->next_send < sends->count &&
	       sends->items[run->next_send].after_expects <= run->next_expect) {
		const struct send *send = &sends->items[run->next_send++];

		if (!write_all(run->input_fd, send->bytes, send->len)) {
			set_reason(run, "cannot send script line %u to the command: %s",
				   send->script_line, strerror(errno));
			run->failed = true;
		}
	}
}

/* Matches LINE from FROM on, where an earlier partial match ended, against the next expect. */
static bool next_expect_matches(struct run *run, const char *line, size_t from)
{
	const struct pattern *expect = &run->script->expects.items[run->next_expect];

	if (regexec(&expect->regex, line + from, 0, NULL, from > 0 ? REG_NOTBOL : 0) != 0)
		return false;
	run->next_expect++;
	send_due(run);
	return true;
}

static void match_line(struct run *run)
{
	const struct script *script = run->script;
	struct console *console = &run->console;
	size_t from = console->line_consumed;
	/* A partial match took it all (the \r of a \r\n ending may be gone since): nothing left. */
	bool used_up = from > 0 && from >= console->line_len;

	console->line[console->line_len] = '\0';
	console->line_len = 0;
	console->line_consumed = 0;
	console->partial_untried = false;
	console->lines_seen++;
	for (size_t i = 0; i < script->rejects.count; i++) {
		const struct pattern *reject = &script->rejects.items[i];

		if (run->next_expect >= reject->after_expects &&
		    regexec(&reject->regex, console->line, 0, NULL, 0) == 0) {
			set_reason(run, "rejected line %lu \"%.200s\" matched '%s' (script line %u)",
				   console->lines_seen, console->line, reject->text,
				   reject->script_line);
			run->failed = true;
			return;
		}
	}
	if (!all_expects_matched(run) && !used_up)
		next_expect_matches(run, console->line, from);
}

/* A line without its newline yet, after a quiet time: a prompt, most likely. */
static void match_partial_line(struct run *run)
{
	struct console *console = &run->console;

	if (!console->partial_untried || verdict_reached(run))
		return;
	console->partial_untried = false;
	if (all_expects_matched(run) || console->line_len == console->line_consumed)
		return;
	console->line[console->line_len] = '\0';
	if (next_expect_matches(run, console->line, console->line_consumed))
		console->line_consumed = console->line_len;
}

static void append_log(struct console *console, const char *bytes, size_t count)
{
	if (console->log_len + count > console->log_cap) {
		console->log_cap = (console->log_len + count) * 2;
		console->log = checked_realloc(console->log, console->log_cap);
	}
	memcpy(console->log + console->log_len, bytes, count);
	console->log_len += count;
	if (console->log_file) {
		fwrite(bytes, 1, count, console->log_file);
		fflush(console->log_file);
	}
}

static void feed_console(struct run *run, const char *bytes, size_t count)
{
	struct console *console = &run->console;

	append_log(console, bytes, count);
	for (size_t i = 0; i < count && !verdict_reached(run); i++) {
		char byte = bytes[i];

		if (byte == '\n') {
			/* Serial consoles end lines with \r\n; the \r is no part of the text. */
			if (console->line_len > 0 && console->line[console->line_len - 1] == '\r')
				console->line_len--;
			match_line(run);
		} else if (byte != '\0') {
			/* regexec() reads C strings, so NUL bytes stay in the log only. */
			console->line[console->line_len++] = byte;
			console->partial_untried = true;
			if (console->line_len == LINE_LIMIT)
				match_line(run);
		}
	}
}

static void flush_partial_line(struct run *run)
{
	struct console *console = &run->console;

	if (console->line_len > 0 && !verdict_reached(run)) {
		if (console->line[console->line_len - 1] == '\r')
			console->line_len--;
		match_line(run);
	}
}

static void print_console_log(const struct console *console)
{
	printf("----- begin console log (%zu bytes) -----\n", console->log_len);
	for (size_t i = 0; i < console->log_len; i++) {
		if (console->log[i] == '\0')
			fputs("^@", stdout);
		else
			putchar(console->log[i]);
	}
	if (console->log_len > 0 && console->log[console->log_len - 1] != '\n')
		putchar('\n');
	puts("----- end console log -----");
}

/* ---- Command ------------------------------------------------------------------------------ */

static void close_pair(int pair[2])
{
	for (int i = 0; i < 2; i++) {
		if (pair[i] >= 0)
			close(pair[i]);
		pair[i] = -1;
	}
}

/* WITH_INPUT: the command reads a pipe whose write end is command->input_fd, else /dev/null. */
static bool start_command(struct command *command, char **argv, bool with_input)
{
	int output[2] = { -1, -1 };
	int input[2] = { -1, -1 };
	pid_t pid;

	if (pipe(output) != 0 || (with_input && pipe(input) != 0)) {
		perror("qemu-expect: pipe");
		close_pair(output);
		return false;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("qemu-expect: fork");
		close_pair(output);
		close_pair(input);
		return false;
	}
	if (pid == 0) {
		int stdin_fd = with_input ? input[0] : open("/dev/null", O_RDONLY);
		struct sigaction default_action = { .sa_handler = SIG_DFL };

		/* Its own process group, so stopping it also stops anything it started. */
		setpgid(0, 0);
		sigaction(SIGINT, &default_action, NULL);
		sigaction(SIGTERM, &default_action, NULL);
		sigaction(SIGHUP, &default_action, NULL);
		if (stdin_fd < 0 || dup2(stdin_fd, STDIN_FILENO) < 0 ||
		    dup2(output[1], STDOUT_FILENO) < 0 || dup2(output[1], STDERR_FILENO) < 0)
			_exit(126);
		if (stdin_fd != STDIN_FILENO)
			close(stdin_fd);
		if (input[1] >= 0)
			close(input[1]);
		close_pair(output);
		execvp(argv[0], argv);
		fprintf(stderr, "qemu-expect: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	/* Also set here: whichever of parent and child runs first, the group exists before a kill. */
	setpgid(pid, pid);
	close(output[1]);
	fcntl(output[0], F_SETFD, FD_CLOEXEC);
	fcntl(output[0], F_SETFL, fcntl(output[0], F_GETFL) | O_NONBLOCK);
	command->pid = pid;
	command->output_fd = output[0];
	if (with_input) {
		close(input[0]);
		/* Non-blocking: a command that never reads must not stall us past the timeout. */
		fcntl(input[1], F_SETFD, FD_CLOEXEC);
		fcntl(input[1], F_SETFL, fcntl(input[1], F_GETFL) | O_NONBLOCK);
		command->input_fd = input[1];
	}
	return true;
}

/*
 * Notices the exit without reaping (WNOWAIT): while the child is an unreaped zombie its pid
 * cannot be reused, so signalling its process group afterwards cannot hit a stranger.
 */
static bool command_has_exited(struct command *command)
{
	siginfo_t info;

	if (command->exited)
		return true;
	memset(&info, 0, sizeof(info));
	if (waitid(P_PID, (id_t)command->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    info.si_pid == command->pid)
		command->exited = true;
	return command->exited;
}

static void reap_command(struct command *command)
{
	if (command->reaped)
		return;
	if (!command_has_exited(command)) {
		double give_up = monotonic_seconds() + TERM_GRACE_MS / 1000.0;

		kill(-command->pid, SIGTERM);
		while (!command_has_exited(command) && monotonic_seconds() < give_up)
			sleep_ms(20);
	}
	/* Whatever it left behind in its group (or itself, if SIGTERM was ignored). */
	kill(-command->pid, SIGKILL);
	while (waitpid(command->pid, &command->wait_status, 0) < 0 && errno == EINTR)
		;
	command->reaped = true;
	command->exited = true;
	if (command->output_fd >= 0) {
		close(command->output_fd);
		command->output_fd = -1;
	}
	if (command->input_fd >= 0) {
		close(command->input_fd);
		command->input_fd = -1;
	}
}

/* Reads what is already in the pipe; returns false at end of file. */
static bool read_available(struct run *run, struct command *command)
{
	char chunk[4096];

	/* Bounded: a grandchild still writing after the command exited must not hold us here. */
	for (int reads = 0; reads < 256 && !verdict_reached(run); reads++) {
		ssize_t count = read(command->output_fd, chunk, sizeof(chunk));

		if (count > 0) {
			run->last_output = monotonic_seconds();
			feed_console(run, chunk, (size_t)count);
			continue;
		}
		if (count == 0)
			return false;
		if (errno == EINTR)
			continue;
		return errno == EAGAIN || errno == EWOULDBLOCK;
	}
	return true;
}

static void describe_wait_status(int wait_status, char *text, size_t size)
{
	if (WIFEXITED(wait_status))
		snprintf(text, size, "%d", WEXITSTATUS(wait_status));
	else if (WIFSIGNALED(wait_status))
		snprintf(text, size, "signal %d (%s)", WTERMSIG(wait_status),
			 strsignal(WTERMSIG(wait_status)));
	else
		snprintf(text, size, "0x%x", (unsigned)wait_status);
}

/* ---- Run ---------------------------------------------------------------------------------- */

static void describe_next_expect(const struct run *run, char *text, size_t size)
{
	const struct pattern_list *expects = &run->script->expects;

	snprintf(text, size, "'%s' (expectation %zu of %zu)", expects->items[run->next_expect].text,
		 run->next_expect + 1, expects->count);
}

/* After the command exited by itself and its output is drained. */
static enum outcome judge_exit(struct run *run, int wait_status)
{
	char status_text[96];
	char waiting_for[REASON_SIZE / 2];

	if (run->failed)
		return OUTCOME_FAIL;
	if (!run->script->has_exit && all_expects_matched(run))
		return OUTCOME_PASS;
	describe_wait_status(wait_status, status_text, sizeof(status_text));
	if (!all_expects_matched(run)) {
		describe_next_expect(run, waiting_for, sizeof(waiting_for));
		set_reason(run, "command exited with status %s before %s", status_text, waiting_for);
		return OUTCOME_FAIL;
	}
	if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == run->script->exit_status)
		return OUTCOME_PASS;
	set_reason(run, "exit status %s, expected %d", status_text, run->script->exit_status);
	return OUTCOME_FAIL;
}

static void describe_timeout(struct run *run, double timeout)
{
	char waiting_for[REASON_SIZE / 2];

	if (all_expects_matched(run)) {
		set_reason(run, "timeout after %g s waiting for the command to exit with status %d",
			   timeout, run->script->exit_status);
		return;
	}
	describe_next_expect(run, waiting_for, sizeof(waiting_for));
	set_reason(run, "timeout after %g s waiting for %s", timeout, waiting_for);
}

/* Milliseconds until a pending partial line has been quiet long enough, capped at LIMIT_MS. */
static int partial_wait_ms(const struct run *run, int limit_ms)
{
	double quiet_ms;
	int left_ms;

	if (!run->console.partial_untried)
		return limit_ms;
	quiet_ms = (monotonic_seconds() - run->last_output) * 1000;
	if (quiet_ms >= PARTIAL_QUIET_MS)
		return 0;
	left_ms = PARTIAL_QUIET_MS - (int)quiet_ms + 1;
	return left_ms < limit_ms ? left_ms : limit_ms;
}

static enum outcome watch_command(struct run *run, struct command *command, double timeout)
{
	double deadline = monotonic_seconds() + timeout;
	bool output_open = true;

	run->input_fd = command->input_fd;
	send_due(run);
	for (;;) {
		double remaining = deadline - monotonic_seconds();
		struct pollfd watched = { .fd = command->output_fd, .events = POLLIN };
		int wait_ms;

		if (run->failed)
			return OUTCOME_FAIL;
		if (verdict_reached(run))
			return OUTCOME_PASS;
		if (interrupting_signal) {
			set_reason(run, "interrupted by signal %d (%s)", (int)interrupting_signal,
				   strsignal(interrupting_signal));
			return OUTCOME_FAIL;
		}
		if (command_has_exited(command)) {
			if (output_open)
				read_available(run, command);
			flush_partial_line(run);
			reap_command(command);
			return judge_exit(run, command->wait_status);
		}
		if (remaining <= 0) {
			describe_timeout(run, timeout);
			return OUTCOME_FAIL;
		}
		wait_ms = remaining * 1000 < CHILD_POLL_MS ? (int)(remaining * 1000) + 1 : CHILD_POLL_MS;
		if (!output_open) {
			sleep_ms(wait_ms);
			continue;
		}
		wait_ms = partial_wait_ms(run, wait_ms);
		if (wait_ms > 0 && poll(&watched, 1, wait_ms) > 0) {
			output_open = read_available(run, command);
			if (!output_open)
				flush_partial_line(run);
		} else if (partial_wait_ms(run, 1) == 0) {
			match_partial_line(run);
		}
	}
}

static void install_interrupt_handlers(void)
{
	struct sigaction action = { .sa_handler = note_interrupt };

	/* No SA_RESTART: poll() must return so the command can be stopped before we go. */
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGHUP, &action, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int usage(const char *problem)
{
	if (problem)
		fprintf(stderr, "qemu-expect: %s\n", problem);
	fputs("usage: qemu-expect [--timeout SECONDS] [--log FILE] SCRIPT -- COMMAND [ARGS...]\n",
	      stderr);
	return OUTCOME_USAGE;
}

static bool parse_timeout(const char *text, double *timeout)
{
	char *end;
	double value;

	errno = 0;
	value = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(value > 0) || value > 1e6)
		return false;
	*timeout = value;
	return true;
}

/* Everything after the script is loaded; the caller frees the script. */
static enum outcome check_command(const struct script *script, double timeout,
				  const char *log_path, char **command_argv)
{
	static struct run run;
	struct command command = { .pid = -1, .output_fd = -1, .input_fd = -1 };
	enum outcome outcome;
	double started;

	run.script = script;
	run.input_fd = -1;
	if (log_path) {
		run.console.log_file = fopen(log_path, "w");
		if (!run.console.log_file) {
			fprintf(stderr, "qemu-expect: cannot write log '%s': %s\n", log_path,
				strerror(errno));
			return OUTCOME_USAGE;
		}
	}
	install_interrupt_handlers();
	started = monotonic_seconds();
	if (!start_command(&command, command_argv, script->sends.count > 0)) {
		outcome = OUTCOME_USAGE;
	} else {
		outcome = watch_command(&run, &command, timeout);
		reap_command(&command);
		if (outcome == OUTCOME_PASS) {
			printf("qemu-expect: PASS %s (%zu expectations, %.1f s)\n", script->path,
			       script->expects.count, monotonic_seconds() - started);
		} else {
			printf("qemu-expect: FAIL %s: %s\n", script->path, run.reason);
			print_console_log(&run.console);
		}
		fflush(stdout);
	}
	if (run.console.log_file)
		fclose(run.console.log_file);
	free(run.console.log);
	return outcome;
}

int main(int argc, char **argv)
{
	struct script script = { 0 };
	double timeout = DEFAULT_TIMEOUT_SECONDS;
	const char *log_path = NULL;
	enum outcome outcome;
	int arg = 1;

	for (; arg < argc && strncmp(argv[arg], "--", 2) == 0 && argv[arg][2] != '\0'; arg += 2) {
		if (arg + 1 >= argc)
			return usage("option needs a value");
		if (strcmp(argv[arg], "--timeout") == 0) {
			if (!parse_timeout(argv[arg + 1], &timeout))
				return usage("--timeout needs a positive number of seconds");
		} else if (strcmp(argv[arg], "--log") == 0) {
			log_path = argv[arg + 1];
		} else {
			return usage("unknown option");
		}
	}
	if (arg + 2 >= argc || strcmp(argv[arg + 1], "--") != 0)
		return usage(arg >= argc ? "missing SCRIPT" : "expected SCRIPT -- COMMAND");
	script.path = argv[arg];
	if (load_script(&script))
		outcome = check_command(&script, timeout, log_path, &argv[arg + 2]);
	else
		outcome = OUTCOME_USAGE;
	free_script(&script);
	return outcome;
}
