/* mstack: run a command with chosen address families on another stack. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <stdbool.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/backtrace.h"
#include "cli/launch.h"
#include "cli/mount.h"
#include "cli/options.h"
#include "net/stack_name.h"
#include "net/vde_stack.h"
#include "tracer.h"

/* What the running kernel's seccomp user notification can do. */
enum {
	NOTIFY_ADDFD_SEND = 1,	/* SECCOMP_ADDFD_FLAG_SEND (Linux 5.14) */
	NOTIFY_WAIT_KILLABLE = 2,	/* SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19) */
};

/* Installs a filter that allows everything; returns its listener or -1. */
static int throwaway_listener(unsigned int flags)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			    SECCOMP_FILTER_FLAG_NEW_LISTENER | flags, &prog);
}

/*
 * The child of probe_notify(): tries the features on filters of its own
 * (a filter cannot be removed, so not in mstack itself). Returns the
 * NOTIFY_* bits of those that work.
 */
static int probe_notify_child(void)
{
	struct seccomp_notif_addfd addfd = { .flags = SECCOMP_ADDFD_FLAG_SEND };
	int listener, found = 0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return 0;
	listener = throwaway_listener(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	if (listener >= 0)
		found |= NOTIFY_WAIT_KILLABLE;
	else
		listener = throwaway_listener(0);
	/*
	 * No notification is pending, so a kernel that knows the flag
	 * looks for the id and fails with ENOENT; one that does not (or
	 * has no ADDFD at all) fails with EINVAL first. The source must be
	 * open (EBADF comes before ENOENT): the listener itself.
	 */
	if (listener < 0)
		return found;
	addfd.srcfd = (unsigned int)listener;
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) < 0 && errno == ENOENT)
		found |= NOTIFY_ADDFD_SEND;
	return found;
}

/*
 * Returns the NOTIFY_* bits of the features the running kernel has,
 * found by trying them in a short-lived child: distribution kernels
 * backport features, so the version number cannot tell.
 */
static int probe_entry(void *unused)
{
	(void)unused;
	return probe_notify_child();
}

static int probe_notify(void)
{
	/*
	 * The child borrows our memory (CLONE_VM) while we wait for it
	 * (CLONE_VFORK): no page tables to copy.  Its filters and
	 * no_new_privs are its own, per task.  A sanitizer's runtime keeps
	 * state per thread in memory the child would share and change.
	 */
	static char stack[64 * 1024] __attribute__((aligned(16)));
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
	const int flags = SIGCHLD;
#else
	const int flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
#endif
	pid_t pid = clone(probe_entry, stack + sizeof(stack), flags, NULL);
	int status;

	if (pid < 0)
		return 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 0;
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
	int features;

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
	/* Without SECCOMP_ADDFD_FLAG_SEND, ptrace only. */
	features = o.ptrace_only || o.backtrace_depth ? 0 : probe_notify();
	s.ptrace_only = o.ptrace_only || !(features & NOTIFY_ADDFD_SEND);
	/*
	 * -v logs a socket() before answering it, so that lines keep the
	 * order of the calls; the call must then not be interrupted between
	 * the descriptor's installation and the answer (WAIT_KILLABLE_RECV).
	 */
	s.log_before_answer = o.verbose && (features & NOTIFY_WAIT_KILLABLE);
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
