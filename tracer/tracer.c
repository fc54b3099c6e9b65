/*
 * The tracer process: tidy up what it inherited, receive the filter's
 * notification fd, seize the command, enter the stack, then serve until
 * the last traced thread is gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define MSTACK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MSTACK_ASAN 1
#endif
#endif
#ifdef MSTACK_ASAN
#include <sanitizer/lsan_interface.h>
#endif

#include "policy/creds.h"
#include "net/nshelper.h"
#include "net/sockserve.h"
#include "policy/path_stacks.h"
#include "policy/resident.h"
#include "policy/served.h"
#include "policy/tables.h"
#include "policy/tracee.h"
#include "ptrace/counters.h"
#include "ptrace/procfs.h"
#include "ptrace/thread_fds.h"
#include "ptrace/tracee_fd.h"
#include "ptrace/yama.h"
#include "report/backtrace.h"
#include "report/log.h"
#include "report/watch.h"
#include "serve/attach.h"
#include "serve/events.h"
#include "serve/notify.h"
#include "tracer.h"

static int by_number(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Closes our descriptors from @lo to @hi listed in /proc/self/fd. */
static void close_listed(unsigned int lo, unsigned int hi)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *e;
	unsigned long fd;
	char *end;

	if (!dir)
		return;
	/* Entries come by number, so closing those passed is safe. */
	while ((e = readdir(dir))) {
		fd = strtoul(e->d_name, &end, 10);
		if (*end || e->d_name[0] == '.' || (int)fd == dirfd(dir) || fd < lo || fd > hi)
			continue;
		close((int)fd);
	}
	closedir(dir);
}

/* Closes descriptors @lo to @hi; close_range() needs Linux 5.9. */
static void close_span(unsigned int lo, unsigned int hi)
{
	if (close_range(lo, hi, 0) < 0 && errno == ENOSYS)
		close_listed(lo, hi);
}

/*
 * Points stdin, stdout (and stderr if @quiet, unless verbose) at /dev/null
 * and closes every other inherited descriptor but @fd, @fd2, the log and
 * the stacks of @s: a tracer that held the caller's pipes open would make
 * `$(mstack ...)` wait for it.  Returns the highest descriptor kept.
 */
static int tidy_descriptors(const struct session *s, int fd, int fd2, bool quiet)
{
	int keep[] = { fd, fd2, s->log_fd, s->primary->nsfd, s->native->nsfd,
		       s->primary->helper ? s->primary->helper->conn : -1 };
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	unsigned int from = STDERR_FILENO + 1;

	thread_fds_drop_all();	/* opened by the checks before the go-ahead */

	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (quiet && (!s->verbose || s->log_fd != STDERR_FILENO))
			dup2(null, STDERR_FILENO);
		close(null);
	}
	qsort(keep, sizeof(keep) / sizeof(keep[0]), sizeof(keep[0]), by_number);
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		if (keep[i] < (int)from)
			continue;
		if (keep[i] > (int)from)
			close_span(from, (unsigned int)keep[i] - 1);
		from = (unsigned int)keep[i] + 1;
	}
	close_span(from, ~0U);
	return (int)from - 1;
}

static void quiet_signals(void)
{
	static const int sigs[] = { SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_IGN);
}

/*
 * More sockets in flight than the program's own limit must not fail here.
 * Returns how many descriptors we may have open now.
 */
static rlim_t raise_fd_limit(void)
{
	struct rlimit lim;

	if (getrlimit(RLIMIT_NOFILE, &lim) < 0)
		return 0;
	if (lim.rlim_cur < lim.rlim_max) {
		lim.rlim_cur = lim.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &lim) < 0)
			getrlimit(RLIMIT_NOFILE, &lim);
	}
	return lim.rlim_cur;
}

/*
 * Sizes the handles a serving thread keeps on program threads
 * (ptrace/thread_fds.h), two descriptors each, so that all the threads
 * that keep them (4 receivers, the ptrace thread, 4 workers) hold at
 * most a quarter of the @limit: a program of many processes then finds
 * its handles kept.
 */
static void size_handles(rlim_t limit)
{
	rlim_t slots = limit / 4 / (2 * 9);

	thread_fds_size(slots > THREAD_FDS_SLOTS_MAX ? THREAD_FDS_SLOTS_MAX : (unsigned int)slots);
}

static void __attribute__((noreturn, format(printf, 1, 2))) fatal(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_problem("%s", msg);
	_exit(1);
}

/*
 * Ends the tracer over a failure before the go-ahead: the command hears
 * why on @ctl if it @waits for us; else it runs already, and the keeper
 * says that its moved calls fail.
 */
static void __attribute__((noreturn, format(printf, 3, 4))) refuse(int ctl, bool waits,
								   const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!waits)
		fatal("%s", msg);
	send(ctl, msg, strlen(msg), MSG_NOSIGNAL);
	_exit(TRACER_REFUSED);
}

/*
 * In a build with AddressSanitizer, runs LeakSanitizer's check, which the
 * tracer's _exit() would skip (a no-op unless leak detection is on).
 */
static void check_leaks(void)
{
#ifdef MSTACK_ASAN
	__lsan_do_leak_check();
#endif
}

/* Hands each module the part of @s it needs; before any other thread starts. */
static void init_modules(const struct session *s)
{
	log_init(s->log_fd, s->verbose > 0);
	watch_init(s->verbose > 1);
	backtrace_start(s->backtrace_depth);
	resident_init(s->native);
	stacks_init(s->primary, s->native);
}

/*
 * Moves the calling thread into @home, the command line's stack, or has a
 * helper serve it: a fresh one (new), or one the tracer may not enter,
 * which then must be the invoker's (ours).  A mounted stack is served
 * already.  Returns 0, or -errno with the
 * reason in @why.
 */
static int enter_home(struct stack *home, char *why, size_t size)
{
	int ret;

	if (home->kind == STACK_SERVED)
		ret = home->helper ? 0 : served_fresh(home);
	else if ((ret = resident_enter(home)) == -EPERM)
		return served_join(home, getpid(), why, size);
	if (ret < 0)
		snprintf(why, size, "%s", strerror(-ret));
	return ret;
}

/*
 * Seizes @command, held from now on with @table.  Returns 0 or -errno.
 */
static int register_command(const struct session *s, pid_t command, struct table *table)
{
	if (ptrace(PTRACE_SEIZE, command, 0, EVENTS_OPTIONS |
		   (events_exec_always() ? PTRACE_O_TRACEEXEC : 0)) < 0)
		return -errno;
	return tracee_first(command, table);
}

/*
 * Returns our copy of the notification fd of @go: the one that follows on
 * @ctl, or the one numbered @go->listener in @command; -1 if the kernel
 * has none; or -errno.  We hold it for the whole session, also when no
 * notification comes: while it is open, the program's own filters cannot
 * have a listener (see filter_install).
 */
static int take_listener(const struct session_go *go, pid_t command, int ctl)
{
	int fds[2], ret;

	if (go->listener < 0)
		return -1;
	if (!go->passed)
		return tracee_fd_fetch(command, go->listener);
	ret = sockserve_receive(ctl, fds, true);
	return ret == 1 ? fds[0] : ret < 0 ? ret : -EIO;
}

int tracer_prepare(const struct session *s, struct tracer_ready *ready, char *why, size_t size)
{
	struct stack *home = s->primary;
	int ret;

	init_modules(s);
	ret = procfs_netns(getpid(), &ready->command_netns);
	if (ret < 0) {
		snprintf(why, size, "cannot tell where pid %d lives: %s", getpid(), strerror(-ret));
		return ret;
	}
	ready->yama_descendants_only = yama_descendants_only();
	ret = enter_home(home, why, size);
	if (ret < 0) {
		char reason[256];

		snprintf(reason, sizeof(reason), "%s", why);
		snprintf(why, size, "%s: cannot %s the stack: %s", home->name,
			 home->helper || home->nsfd >= 0 ? "enter" : "make", reason);
	}
	return ret;
}

/*
 * Reads the command's struct session_go on @ctl into @s; takes the
 * notification fd, seizes @command if it waits for that (else notes
 * where it lives, from @ready), gives the go-ahead on @ctl if so, then
 * serves until the last traced thread is gone.  Sets *@unheld_note (when
 * not NULL) to whether processes may run without being held.  Never
 * returns.
 */
static void __attribute__((noreturn)) serve(struct session *s, const struct tracer_ready *ready,
					     pid_t command, int ctl, bool *unheld_note)
{
	struct stack *home = s->primary;
	struct session_go go;
	struct table *table;
	int listener, ret = 0, sfd = 0;
	bool unheld, waits;

	if (read(ctl, &go, sizeof(go)) != sizeof(go))
		_exit(TRACER_REFUSED);
	s->ptrace_only = go.ptrace_only;
	s->log_before_answer = go.log_before_answer;
	unheld = !session_holds_all(s);
	/*
	 * A command that does not wait runs already: what could refuse
	 * came before, in tracer_prepare().  Under Yama's ptrace_scope 1
	 * we may attach later only to the command, which names the
	 * keeper, our parent: it and its children must be held from their
	 * birth, when the kernel attaches them itself (ptrace/yama.c).
	 */
	waits = session_waits(s, ready);
	if (unheld_note)
		*unheld_note = unheld;
	listener = take_listener(&go, command, ctl);
	if (listener < -1)
		refuse(ctl, waits, "cannot take the notification descriptor: %s",
		       strerror(-listener));
	table = table_session(s->families, home);
	if (!table)
		refuse(ctl, waits, "%s", strerror(ENOMEM));
	/* Before anything is held: no SIGCHLD of a report may be lost. */
	if (unheld && (sfd = attach_prepare()) < 0)
		refuse(ctl, waits, "cannot wait for child processes: %s", strerror(-sfd));
	if (waits)
		ret = register_command(s, command, table);
	if (ret < 0)
		refuse(ctl, waits, "cannot trace pid %d: %s", command, strerror(-ret));
	if (unheld)
		tracee_unheld(table, &ready->command_netns);
	if (waits && send(ctl, "", 1, MSG_NOSIGNAL) != 1)
		_exit(TRACER_REFUSED);
	close(ctl);

	/*
	 * From here on a failure ends the session: PTRACE_O_EXITKILL kills
	 * what is held, and the calls of the rest fail (see keep()).
	 */
	tidy_descriptors(s, listener, sfd, true);
	size_handles(raise_fd_limit());
	ret = creds_init();	/* keeps descriptors: after the tidying */
	if (ret < 0)
		fatal("cannot read the tracer's own credentials: %s", strerror(-ret));
	if (listener >= 0 && session_notifies(s)) {
		ret = notify_start(listener, home, s->log_before_answer, unheld);
		if (ret < 0)
			fatal("cannot serve seccomp notifications: %s", strerror(-ret));
	}

	if (unheld)
		attach_loop(listener, sfd);
	else
		events_loop(session_notifies(s), __WALL);
	counters_write();
	check_leaks();
	_exit(0);
}

/*
 * The keeper: where a process may run unheld (not held from its start, or
 * let go for a debugger), the tracer's death does not take it along
 * (PTRACE_O_EXITKILL kills only what is held); it runs on and every moved
 * call fails, as the kernel fails the
 * calls of a filter whose listener is gone (seccomp_unotify(2): ENOSYS).
 * So that this is never silent, the tracer's parent waits for it and
 * says so on the standard error.
 *
 * Whether anything will be held depends on the kernel's features, which
 * the command tells at the handshake; the keeper is split off before,
 * where the command line allows, so that it costs the command nothing,
 * and stays silent if the tracer noted in the page they share that
 * nothing may run unheld.  Until the tracer has read the handshake, the
 * command may run already: the keeper speaks then.  The tracer borrows
 * the keeper's memory (borrow_fork()), so no page tables are copied.  The
 * keeper holds the descriptors the tracer started with until the tracer
 * ends, but not the caller's pipes, which would make `$(mstack ...)`
 * wait, nor the listener, received afterwards: the keeper's copy would
 * make the moved calls wait rather than fail (one still in flight goes
 * when the keeper closes the socket).  The command named the keeper for
 * Yama, which allows its descendants too.  The tracer serves (serve() of
 * @s, @ready, @command, @ctl), the keeper waits; never returns.
 */
static void __attribute__((noreturn)) keep(struct session *s, const struct tracer_ready *ready,
					   pid_t command, int ctl)
{
	bool *unheld = mmap(NULL, sizeof(*unheld), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status, fd, kept;
	pid_t pid = -1;

	kept = tidy_descriptors(s, ctl, -1, false);
	if (unheld != MAP_FAILED) {
		*unheld = true;
		pid = borrow_fork();
	}
	if (pid == 0)
		serve(s, ready, command, ctl, unheld);
	if (pid < 0) {
		log_problem("no keeper (%s): the tracer's death would go unsaid",
			    strerror(errno));
		serve(s, ready, command, ctl, NULL);
	}
	/*
	 * Once the tracer ends, the memory it borrowed is ours again as it
	 * left it, with any lock one of its threads held: from here on,
	 * plain system calls only (no malloc(), no stdio stream).
	 */
	for (fd = kept; fd > STDERR_FILENO; fd--)
		close(fd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(0);
	if (!*unheld)
		_exit(0);
	if (WIFSIGNALED(status))
		dprintf(STDERR_FILENO, "mstack: the tracer (pid %d) died: moved socket calls "
			"fail from now on\n", pid);
	else if (WEXITSTATUS(status) && WEXITSTATUS(status) != TRACER_REFUSED)
		dprintf(STDERR_FILENO, "mstack: the tracer (pid %d) failed: moved socket calls "
			"fail from now on\n", pid);
	_exit(0);
}

void tracer_main(const struct session *command_line, const struct tracer_ready *ready,
		 pid_t command, int ctl)
{
	struct session s = *command_line;

	quiet_signals();
	/* What the command line holds, the kernel's features cannot unhold. */
	if (!session_holds_all(&s))
		keep(&s, ready, command, ctl);
	serve(&s, ready, command, ctl, NULL);
}
