/* mstack: run a command with chosen address families on another stack. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "report/backtrace.h"
#include "cli/launch.h"
#include "cli/mount.h"
#include "cli/options.h"
#include "net/stack_name.h"
#include "net/vde_stack.h"
#include "tracer.h"

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

/* Returns the new VDE stack of @o, or exits saying why there is none. */
static struct stack *open_vde(const struct options *o)
{
	char why[512];
	struct stack *s = vde_stack_open(o->stack, o->stack_cmds, why, sizeof(why));

	if (s)
		return s;
	fprintf(stderr, "mstack: %s: %s\n", o->stack, why);
	exit(EXIT_STACK);
}

int main(int argc, char **argv)
{
	struct session s = { .log_fd = STDERR_FILENO };
	struct options o;

	options_parse(&o, argc, argv);
	if (o.mount)
		return mount_main(&o);
	s.native = stack_native();
	if (!s.native) {
		fprintf(stderr, "mstack: /proc/self/ns/net: %s\n", strerror(errno));
		return EXIT_STACK;
	}
	if (stack_name_vde(o.stack))
		s.primary = open_vde(&o);
	else
		s.primary = stack_open(o.stack, s.native);
	if (!s.primary) {
		if (errno == ENOTSUP)
			fprintf(stderr, "mstack: %s: not a networking stack (%s)\n",
				o.stack, stack_expected);
		else if (errno == ECONNREFUSED)
			fprintf(stderr, "mstack: %s: stale mounted stack: %s\n",
				o.stack, strerror(errno));
		else
			fprintf(stderr, "mstack: %s: %s\n", o.stack, strerror(errno));
		return EXIT_STACK;
	}
	s.families = o.families;
	s.verbose = o.verbose;
	s.ptrace_only = o.ptrace_only;	/* and without ADDFD_SEND: see launch() */
	s.backtrace_depth = o.backtrace_depth;
#ifdef HAVE_LIBUNWIND
	if (o.backtrace_depth) {
		const char *why = backtrace_init();

		if (why) {
			fprintf(stderr, "mstack: -k: %s\n", why);
			return EXIT_STACK;
		}
	}
#endif
	if (o.log_path) {
		s.log_fd = open_log(o.log_path);
		if (s.log_fd < 0 && errno == ENXIO) {
			fprintf(stderr, "mstack: %s: a FIFO with no reader\n", o.log_path);
			return EXIT_STACK;
		}
		if (s.log_fd < 0) {
			fprintf(stderr, "mstack: %s: %s\n", o.log_path, strerror(errno));
			return EXIT_STACK;
		}
	}
	launch(&o, &s);
}
