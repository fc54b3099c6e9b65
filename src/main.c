/* mstack: run a command with chosen address families on another stack. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "backtrace.h"
#include "launch.h"
#include "options.h"
#include "tracer.h"

static bool kernel_at_least(int want_major, int want_minor)
{
	struct utsname u;
	int major, minor;

	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > want_major || (major == want_major && minor >= want_minor);
}

/*
 * Opens the --log file @path for appending. A FIFO is opened without
 * blocking: with no reader it fails at once with ENXIO, where a blocking
 * open would wait forever. Returns the descriptor, or -1 with errno set.
 */
static int open_log(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0644);

	if (fd < 0)
		return -1;
	/* Lines are written whole: wait for a slow reader rather than drop them. */
	if (fcntl(fd, F_SETFL, O_APPEND) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	struct options o;

	options_parse(&o, argc, argv);
	tracer_cfg.native = stack_native();
	if (!tracer_cfg.native) {
		fprintf(stderr, "mstack: /proc/self/ns/net: %s\n", strerror(errno));
		return EXIT_STACK;
	}
	tracer_cfg.primary = stack_open(o.stack, tracer_cfg.native);
	if (!tracer_cfg.primary) {
		if (errno == ENOTSUP)
			fprintf(stderr, "mstack: %s: not a networking stack (%s)\n",
				o.stack, stack_expected);
		else
			fprintf(stderr, "mstack: %s: %s\n", o.stack, strerror(errno));
		return EXIT_STACK;
	}
	tracer_cfg.families = o.families;
	tracer_cfg.verbose = o.verbose;
	/* SECCOMP_ADDFD_FLAG_SEND came with Linux 5.14: before, ptrace only. */
	tracer_cfg.ptrace_only = o.ptrace_only || !kernel_at_least(5, 14);
	/*
	 * -v logs a socket() before answering it, so that lines keep the
	 * order of the calls; the call must then not be interrupted between
	 * the descriptor's installation and the answer (Linux 5.19).
	 */
	tracer_cfg.log_before_answer = o.verbose && kernel_at_least(5, 19);
	tracer_cfg.backtrace_depth = o.backtrace_depth;
#ifdef HAVE_LIBUNWIND
	if (o.backtrace_depth) {
		const char *why = backtrace_init();

		if (why) {
			fprintf(stderr, "mstack: -k: %s\n", why);
			return EXIT_STACK;
		}
	}
#endif
	tracer_cfg.log_fd = STDERR_FILENO;
	if (o.log_path) {
		tracer_cfg.log_fd = open_log(o.log_path);
		if (tracer_cfg.log_fd < 0 && errno == ENXIO) {
			fprintf(stderr, "mstack: %s: a FIFO with no reader\n", o.log_path);
			return EXIT_STACK;
		}
		if (tracer_cfg.log_fd < 0) {
			fprintf(stderr, "mstack: %s: %s\n", o.log_path, strerror(errno));
			return EXIT_STACK;
		}
	}
	launch(&o);
}
