/*
 * mstack does not stand between the caller and COMMAND: this process
 * becomes COMMAND (same pid, so exit status, death by signal and job control
 * are the caller's to see directly), while a detached grandchild traces it.
 *
 *   caller ── mstack ──exec──> COMMAND   (filtered; traced if need be)
 *                 └─ vfork ─ fork ─> tracer (own session, no terminal)
 *                                     └─ vfork ─> tracer, where nothing is
 *                                                held; its parent keeps it
 *
 * The intermediate borrows our memory (vfork) while we wait for it: only
 * the tracer's fork copies page tables.  Before that fork it does what
 * could make the tracer refuse the session (tracer_prepare(): enter the
 * stack); after it, it probes the kernel's features on filters of its
 * own (src/cli/probe.c), sends us the tracer's pid, what it found or why
 * it refused, and exits.
 *
 * Then we name the tracer for Yama, install the seccomp filter and send
 * the tracer, over a SEQPACKET pair, the choices that depend on the
 * features (struct session_go) and a copy of the notification fd, which
 * it keeps even when it serves no notifications (see filter_install).
 * Where nothing is held from its start we exec at once: a notified call
 * waits in the kernel until the tracer answers.  Otherwise we wait until
 * the tracer has seized us and answers "" or an error text.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/filter.h"
#include "net/sockserve.h"
#include "cli/launch.h"
#include "cli/nest.h"
#include "cli/probe.h"
#include "tracer.h"

#define TRACER_REPLY_MAX 512

static void __attribute__((noreturn)) fail(const char *what, int err)
{
	fprintf(stderr, "mstack: %s: %s\n", what, strerror(err));
	exit(EXIT_STACK);
}

/* What the intermediate sends us before it exits. */
struct detached {
	pid_t tracer;		/* 0 if refused */
	int features;		/* NOTIFY_* bits, if probed */
	struct tracer_ready ready;
	char why[TRACER_REPLY_MAX];	/* if refused */
};

/*
 * The intermediate's side of the fork: prepares and forks the tracer,
 * then probes the features if @probe.  Never returns.
 */
static void __attribute__((noreturn)) start_tracer(const struct session *s, pid_t command,
						     int ctl, bool probe)
{
	struct detached d = { 0 };

	/*
	 * A program of our uid may neither ptrace the tracer, nor take its
	 * descriptors (pidfd_getfd), nor read them in /proc: the tracer
	 * is not dumpable from its fork, since the command may exec before
	 * the tracer first runs.  The flag belongs to the memory we borrow:
	 * the command takes its own back (launch()).
	 */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (setsid() < 0)
		_exit(EXIT_STACK);
	if (tracer_prepare(s, &d.ready, d.why, sizeof(d.why)) == 0) {
		d.tracer = fork();
		if (d.tracer == 0)
			tracer_main(s, &d.ready, command, ctl);
		if (d.tracer < 0)
			_exit(EXIT_STACK);
		if (probe)
			d.features = probe_notify();
	}
	/*
	 * Unsent, the tracer would wait for the command, which waits for
	 * us: end the tracer with us (our process group, since setsid()).
	 */
	if (send(ctl, &d, sizeof(d), MSG_NOSIGNAL) != sizeof(d))
		kill(0, SIGKILL);
	_exit(0);
}

static void print_choices(const struct options *o, const struct session *s)
{
	const char *name = s->primary->name;

	if (o->families == FAMILY_ALL) {
		dprintf(s->log_fd, "pid %d: stack %s for all supported protocol families\n",
			getpid(), name);
		return;
	}
	for (int f = 1; f < AF_MAX; f++) {
		const char *af = family_name(f);

		if (!family_in(o->families, f))
			continue;
		if (af)
			dprintf(s->log_fd, "pid %d: stack %s for %d=PF_%s\n", getpid(), name, f,
				af + 3);
		else
			dprintf(s->log_fd, "pid %d: stack %s for %d=%d\n", getpid(), name, f, f);
	}
}

/*
 * Runs our half of the handshake with the tracer on @ctl, once the
 * features are known.  Returns when the tracer has our listener coming
 * (and has seized us, where @ready says we must wait), or exits with the
 * tracer's complaint.
 */
static void handshake(int ctl, const struct session *s, pid_t tracer,
		      const struct tracer_ready *ready)
{
	struct filter_spec spec = {
		.families = s->families,
		.notify = session_notifies(s),
		.watch = s->verbose > 1,
		.wait_killable = s->log_before_answer,
		.unheld = !session_holds_all(s),
	};
	struct session_go go = {
		.ptrace_only = s->ptrace_only,
		.log_before_answer = s->log_before_answer,
	};
	char reply[TRACER_REPLY_MAX + 1];
	ssize_t n;
	int ret;

	/* Under Yama ptrace_scope=1 a non-descendant may trace us only if named. */
	prctl(PR_SET_PTRACER, tracer, 0, 0, 0);
	go.listener = filter_install(&spec);
	if (go.listener < 0)
		fail("cannot install the seccomp filter", -go.listener);
	if (!go.listener)
		go.listener = -1;	/* the kernel has none */
	go.passed = go.listener >= 0 && !spec.watch;
	/* write(2): with -vv the filter already stops sendmsg. */
	if (write(ctl, &go, sizeof(go)) != sizeof(go))
		fail("cannot reach the tracer", errno);
	if (go.passed && (ret = sockserve_reply(ctl, 1, (int[2]){ go.listener, -1 })) < 0)
		fail("cannot reach the tracer", -ret);
	if (!session_waits(s, ready)) {
		if (go.listener >= 0)
			close(go.listener);
		return;
	}
	n = read(ctl, reply, TRACER_REPLY_MAX);
	if (go.listener >= 0)
		close(go.listener);
	if (n <= 0)
		fail("the tracer died", n < 0 ? errno : EPIPE);
	reply[n] = '\0';
	if (reply[0]) {
		fprintf(stderr, "mstack: %s\n", reply);
		exit(EXIT_STACK);
	}
}

static void __attribute__((noreturn)) become_command(const struct options *o,
						       const struct session *s)
{
	int err;

	if (o->verbose)
		print_choices(o, s);
	execvp(o->command[0], o->command);
	err = errno;
	fprintf(stderr, "mstack: %s: %s\n", o->command[0], strerror(err));
	exit(err == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC);
}

/*
 * Exits if we hold an io_uring instance: COMMAND would inherit it, and
 * its requests (IORING_OP_SOCKET, or an SQPOLL thread that needs no
 * system call at all) run in the kernel where no filter sees them.
 */
static void refuse_rings(void)
{
	char link[64];
	struct dirent *e;
	DIR *dir = opendir("/proc/self/fd");
	ssize_t n;

	if (!dir)
		fail("/proc/self/fd", errno);
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(dir), e->d_name, link, sizeof(link) - 1);
		if (n < 0)
			continue;	/* the directory's own descriptor, gone */
		link[n] = '\0';
		if (strcmp(link, "anon_inode:[io_uring]"))
			continue;
		fprintf(stderr, "mstack: descriptor %s is an io_uring instance: "
			"its requests would bypass mstack\n", e->d_name);
		exit(EXIT_STACK);
	}
	closedir(dir);
}

void launch(const struct options *o, struct session *s)
{
	struct detached d;
	int ctl[2], nested, dumpable;
	pid_t pid, command = getpid();
	ssize_t n;

	refuse_rings();
	nested = nest_set_defaults(o);
	if (nested < 0)
		fail("cannot hand the defaults to the enclosing mstack", -nested);
	if (nested)
		become_command(o, s);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0)
		fail("socketpair", errno);
	fflush(NULL);
	dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	pid = borrow_fork();
	if (pid < 0)
		fail("fork", errno);
	if (pid == 0) {
		close(ctl[0]);
		start_tracer(s, command, ctl[1], session_notifies(s));
	}
	close(ctl[1]);
	n = recv(ctl[0], &d, sizeof(d), 0);
	/*
	 * Reap the intermediate, or COMMAND would inherit a stray child; and
	 * before the tracer seizes us, so that its SIGCHLD is dropped here
	 * rather than reach COMMAND as a signal from a child it never had.
	 */
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	/* The tracer seizes us, or takes our listener, as a program of our uid. */
	if (dumpable >= 0)
		prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0);
	if (n != sizeof(d))
		fail("cannot start the tracer", n < 0 ? errno : EPIPE);
	if (!d.tracer) {
		d.why[sizeof(d.why) - 1] = '\0';
		fprintf(stderr, "mstack: %s\n", d.why);
		exit(EXIT_STACK);
	}
	probe_decide(s, d.features);
	handshake(ctl[0], s, d.tracer, &d.ready);
	close(ctl[0]);
	become_command(o, s);
}
