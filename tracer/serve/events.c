/*
 * The ptrace side of the tracer.  Threads, forks, vforks and clones are
 * attached by the kernel (PTRACE_O_TRACE*), so every process of the session
 * is traced and dies with the tracer (PTRACE_O_EXITKILL).  Most stops need
 * nothing but a restart; group stops are left in place with PTRACE_LISTEN
 * so that job control behaves as without a tracer.  This is the one
 * thread that sees threads come and go: it tells the registry and every
 * module that keeps something per thread (adopt(), forget()).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/net.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "abi/arch.h"
#include "abi/systable.h"
#include "policy/creds.h"
#include "policy/defaults.h"
#include "policy/tables.h"
#include "policy/tracee.h"
#include "ptrace/channel.h"
#include "ptrace/counters.h"
#include "ptrace/inject.h"
#include "ptrace/procfs.h"
#include "ptrace/reports.h"
#include "report/backtrace.h"
#include "report/log.h"
#include "report/watch.h"
#include "serve/events.h"
#include "serve/msocket_call.h"
#include "serve/ptrace_path.h"

/* Set once before the loop: the filter may send socket() to the notification. */
static bool notified;

/* Reads the call at @tid's seccomp stop into @d. Returns 0 or -errno. */
static int stopped_call(pid_t tid, struct seccomp_data *d)
{
	struct __ptrace_syscall_info info;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) < 0)
		return -errno;
	if (info.op != PTRACE_SYSCALL_INFO_SECCOMP)
		return -EINVAL;
	d->nr = (int)info.seccomp.nr;
	d->arch = info.arch;
	d->instruction_pointer = info.instruction_pointer;
	for (int i = 0; i < 6; i++)
		d->args[i] = info.seccomp.args[i];
	return 0;
}

/* Returns the row of @d if it changes the caller's namespaces or groups, else NULL. */
static const struct sys_row *changes_identity(const struct seccomp_data *d)
{
	const struct sys_row *r = systable_find(d->arch, d->nr);

	return r && r->serve == SERVE_IDENTITY ? r : NULL;
}

/* Fails the call of a thread whose defaults are unknown: fail closed. */
static void refuse_unknown(pid_t tid)
{
	struct inject ij;

	if (log_on())
		log_problem("%d: unknown process: its socket call fails", tid);
	/* Nothing injected: any ABI. */
	if (inject_begin(&ij, tid, false, PTRACE_SYSCALL_INFO_SECCOMP) < 0)
		return;
	ij.threaded = true;	/* its threads are unknown too */
	inject_end(&ij, -ENOSYS);
}

/* The filter stopped @tid; its table is @t. */
static void serve_seccomp(pid_t tid, const struct table *t)
{
	const struct sys_row *identity;
	struct seccomp_data d;

	/*
	 * Not at a seccomp stop (any more): the report was stale, its thread
	 * killed and its id taken by a thread that exec'd, whose exec stop
	 * is reported on its own.
	 */
	if (stopped_call(tid, &d) < 0)
		return;
	identity = changes_identity(&d);
	if (!t && !identity && !watch_is_watched(&d)) {
		refuse_unknown(tid);
		return;
	}
	if (identity) {
		creds_changing(tid, identity->call == SC_setgroups ||
				    identity->call == SC_setgroups32);
		tracee_netns_may_change(tid);
		ptrace(PTRACE_CONT, tid, 0, 0);
	} else if (msocket_is_encoding(&d))
		msocket_serve(tid, &d, t, PTRACE_SYSCALL_INFO_SECCOMP);
	else if (watch_is_watched(&d))
		watch_serve(tid, &d);
	else
		ptrace_path_serve(tid, &d, t, PTRACE_SYSCALL_INFO_SECCOMP);
}

/* The filter stopped @tid. */
static void on_seccomp(pid_t tid)
{
	struct table *t = tracee_table(tid);

	serve_seccomp(tid, t);
	if (t)
		table_put(t);
}

bool events_exec_always(void)
{
	return watch_on() || backtrace_on();
}

/*
 * Exec events for a process with threads: a thread that execs kills its
 * leader and takes its id, and a request still meant for the leader would
 * reach the new image; with exec events on, the new image stops first
 * (PTRACE_EVENT_EXEC), so none of its stops is resumed unseen.  A
 * single-threaded process has no such race and its execs cost no stop.
 */
static void exec_events(pid_t tid, bool on)
{
	on |= events_exec_always();
	ptrace(PTRACE_SETOPTIONS, tid, 0, EVENTS_OPTIONS | (on ? PTRACE_O_TRACEEXEC : 0));
}

/*
 * Runs new process @tid with no table (its calls fail closed): the event
 * of its parent, which would tell its table, will not come.
 */
static void orphan(pid_t tid)
{
	if (watch_on())
		watch_event(tid, "runs with no table: its parent is gone");
	tracee_unhold(tid, tid);
	exec_events(tid, false);
	ptrace(PTRACE_CONT, tid, 0, 0);
}

/*
 * Lets held @tid of thread group @tgid run: with its table if its parent's
 * event gave it one, else with none (its calls fail closed).
 */
static void release(pid_t tid, pid_t tgid)
{
	if (!tracee_unhold(tid, tgid))
		return;
	exec_events(tid, tgid != tid);
	ptrace(PTRACE_CONT, tid, 0, 0);
}

/*
 * Registers @child, made by @parent (in its process if @thread), with the
 * registry and the modules that keep something per thread.
 */
static void adopt(pid_t parent, pid_t child, bool thread)
{
	watch_forget(child);
	inject_forget(child);
	if (!tracee_adopt(parent, child, thread))
		return;	/* it runs with no table */
	channel_adopt(parent, child);
	log_adopt(parent, child, thread);
	if (thread)
		inject_threads(parent, child);
}

/* Forgets @tid, which has exited, everywhere. */
static void forget(pid_t tid)
{
	tracee_forget(tid);
	channel_forget(tid);
	inject_forget(tid);
	log_forget(tid);
	watch_forget(tid);
}

/*
 * @parent made a thread or process: it inherits the parent's default table
 * (shared by a thread, copied by a process) and channel guess.  A child
 * that stopped before this event was held; now it may run, but only after
 * the parent: a thread that execs kills its leader and takes its id, and a
 * late PTRACE_CONT of that id would resume the new image from a stop we
 * never saw (a seccomp stop so resumed lets the call through).
 */
static void on_new_task(pid_t parent, int event)
{
	unsigned long child;
	pid_t tgid;
	bool thread;

	if (ptrace(PTRACE_GETEVENTMSG, parent, 0, &child) < 0) {
		ptrace(PTRACE_CONT, parent, 0, 0);
		return;
	}
	tgid = procfs_tgid((pid_t)child);
	thread = event == PTRACE_EVENT_CLONE && tgid && tgid == tracee_process(parent);
	adopt(parent, (pid_t)child, thread);
	if (watch_on())
		watch_event(parent, "%s %lu", thread ? "thread" : event == PTRACE_EVENT_CLONE ?
			    "clone" : event == PTRACE_EVENT_VFORK ? "vfork" : "fork", child);
	if (thread)
		exec_events(parent, true);
	ptrace(PTRACE_CONT, parent, 0, 0);
	release((pid_t)child, tgid ? tgid : (pid_t)child);
}

/*
 * A new thread's first stop: run it once we know whose it is.  A thread
 * waits for its parent's event: if its parent dies first, so does the
 * whole thread group, the waiting thread included.  A new process waits
 * while its parent process is known to us and alive; a parent that is not
 * (it died before the child first stopped, and the kernel gave the child
 * to a reaper outside the session) will never report it, so the child
 * runs at once with no table.
 */
static void on_first_stop(pid_t tid)
{
	pid_t tgid = tracee_process(tid), parent = 0;

	if (tgid) {
		exec_events(tid, tgid != tid);
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	tgid = procfs_tgid(tid);
	if (tgid == tid) {
		parent = procfs_parent(tid);
		if (!tracee_is_process(parent)) {
			orphan(tid);
			return;
		}
	}
	if (tracee_hold(tid, parent) < 0) {
		/* Without memory to wait, it runs with no table: its calls fail closed. */
		ptrace(PTRACE_CONT, tid, 0, 0);
	}
}

/*
 * Runs every held process whose parent can no longer report it (the
 * parent died, or @exec_tgid made an exec), with no table.
 */
static void release_orphans(pid_t exec_tgid)
{
	pid_t tid;

	while ((tid = tracee_orphan(exec_tgid)) > 0)
		orphan(tid);
}

/*
 * Exec (reported for processes with threads, and always with -vv or -k).
 * A thread other than the leader that execs takes over the leader's id:
 * its old id is gone.
 */
static void on_exec(pid_t tid)
{
	unsigned long former;
	char exe[64], path[512];
	ssize_t n;

	if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &former) == 0 && (pid_t)former != tid) {
		forget((pid_t)former);
		tracee_netns_may_change(tid);	/* the thread that exec'd may have moved */
	}
	backtrace_forget(tid);
	release_orphans(tid);
	if (!watch_on())
		return;
	snprintf(exe, sizeof(exe), "/proc/%d/exe", tid);
	n = readlink(exe, path, sizeof(path) - 1);
	path[n > 0 ? n : 0] = '\0';
	watch_event(tid, "exec %s", n > 0 ? path : "?");
}

/* @tid has exited or was killed. */
static void on_exit_status(pid_t tid, int status)
{
	if (watch_on()) {
		if (WIFEXITED(status))
			watch_event(tid, "exited with %d", WEXITSTATUS(status));
		else
			watch_event(tid, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)) ?: "?");
	}
	if (tracee_process(tid) == tid)
		backtrace_forget(tid);
	forget(tid);
	release_orphans(0);
}

/* The kernel's own restart codes, never seen by a program. */
#define ERESTARTSYS	512
#define ERESTARTNOINTR	513

/* True if the call in @r is one the filter may send to the notification. */
static bool notified_call(const arch_regs *r)
{
	int nr = (int)arch_nr(r);
	const struct sys_row *x = systable_find(ARCH_AUDIT, nr);
	const struct sys_row *i = systable_find(ARCH_COMPAT_AUDIT, nr);

	/* The numbers of the two ABIs do not overlap for calls that can restart. */
	return (x && x->call == SC_socket) || (i && i->call == SC_socket) ||
	       (i && i->call == SC_socketcall && (uint32_t)r->rbx == SYS_SOCKET);
}

/*
 * A signal for @tid, at its signal-delivery stop.  A socket() still waiting
 * for the notification server to receive it is interrupted by a signal
 * (seccomp(2): the wait is killable only once received) and the kernel
 * reports -ERESTARTSYS, which a handler without SA_RESTART turns into
 * EINTR, an error socket() never has.  Make it a call the kernel makes
 * again after the handler, whatever its flags: the program sees its
 * socket() complete, with the signal handled meanwhile.
 */
static void on_signal(pid_t tid, int sig)
{
	arch_regs r;

	if (notified && ptrace(PTRACE_GETREGS, tid, 0, &r) == 0 &&
	    arch_result(&r) == -ERESTARTSYS && notified_call(&r)) {
		arch_set_result(&r, -ERESTARTNOINTR);
		ptrace(PTRACE_SETREGS, tid, 0, &r);
	}
	ptrace(PTRACE_CONT, tid, 0, sig);
}

static void on_stop(pid_t tid, int status)
{
	int sig = WSTOPSIG(status), event = status >> 16;

	counters_add(COUNT_PTRACE_STOPS);
	switch (event) {
	case PTRACE_EVENT_SECCOMP:
		on_seccomp(tid);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		on_new_task(tid, event);
		return;
	case PTRACE_EVENT_EXEC:
		on_exec(tid);
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	case PTRACE_EVENT_STOP:
		if (inject_is_stop_signal(sig))
			ptrace(PTRACE_LISTEN, tid, 0, 0);	/* group stop */
		else
			on_first_stop(tid);
		return;
	case 0:
		if (sig == (SIGTRAP | 0x80))
			watch_exit(tid);	/* only -vv asks for exit stops */
		else
			on_signal(tid, sig);
		return;
	default:
		ptrace(PTRACE_CONT, tid, 0, 0);
	}
}

struct report {
	pid_t tid;
	int status;
};

/*
 * Adds @tid's report to the @n of @batch, which has room for it.  A thread
 * reported twice was stopped and then killed, or its id was taken by a
 * thread that exec'd: only the later report is true.  Returns the new count.
 */
static size_t add_report(struct report *batch, size_t n, pid_t tid, int status)
{
	size_t i;

	for (i = 0; i < n && batch[i].tid != tid; i++)
		;
	batch[i] = (struct report){ tid, status };
	return i == n ? n + 1 : n;
}

/* Doubles *@batch of *@size entries (at first @fixed). Returns 0 or -ENOMEM. */
static int grow(struct report **batch, size_t *size, struct report *fixed)
{
	struct report *more = malloc(2 * *size * sizeof(*more));

	if (!more)
		return -ENOMEM;
	memcpy(more, *batch, *size * sizeof(*more));
	if (*batch != fixed)
		free(*batch);
	*batch = more;
	*size *= 2;
	return 0;
}

/*
 * Waits for reports and takes every one that is ready into *@batch (of
 * *@size entries, grown as needed from @fixed).  Returns their number, 0
 * when no traced thread is left.
 */
static size_t take_reports(struct report **batch, size_t *size, struct report *fixed,
			   int flags)
{
	int status;
	size_t n = 0;
	pid_t tid;

	for (;;) {
		if (n == *size && grow(batch, size, fixed) < 0)
			return n;	/* serve these first */
		tid = reports_take(&status, flags);
		if (tid < 0 && errno == EINTR)
			continue;
		if (tid <= 0)
			return n;	/* none ready, or ECHILD: nobody left */
		n = add_report(*batch, n, tid, status);
		flags |= WNOHANG;
	}
}

/*
 * waitpid(-1) reports the first ready thread in the kernel's list of
 * tracees, so a thread that is always ready again (a loop of socket
 * calls) would be served over and over while the others wait.  Each round
 * takes every report that is ready and serves each once.
 */
void events_handle(pid_t tid, int status)
{
	if (WIFSTOPPED(status))
		on_stop(tid, status);
	else
		on_exit_status(tid, status);
}

void events_loop(bool notifies, int flags)
{
	static struct report fixed[64];
	struct report *batch = fixed;
	size_t size = sizeof(fixed) / sizeof(*fixed), n;

	notified = notifies;
	while ((n = take_reports(&batch, &size, fixed, flags)) > 0) {
		for (size_t i = 0; i < n; i++)
			events_handle(batch[i].tid, batch[i].status);
		if (flags & WNOHANG)
			break;
	}
	if (batch != fixed)
		free(batch);
}

/* Returns how many threads of process @tgid /proc lists, up to @max in @tids. */
static size_t listed_threads(pid_t tgid, pid_t *tids, size_t max)
{
	char path[64];
	struct dirent *e;
	size_t n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (n < max)
			tids[n] = (pid_t)atoi(e->d_name);
		n++;
	}
	closedir(dir);
	return n;
}

int events_hold(pid_t tid, pid_t tgid)
{
	pid_t tids[256];
	size_t n, i;
	bool more = true;
	int ret;

	ret = tracee_register(tid, tgid);
	if (ret < 0)
		return ret;
	/*
	 * A thread made meanwhile by one already held is attached by the
	 * kernel; one made by another is found on the next pass.
	 */
	for (int pass = 0; more && pass < 16; pass++) {
		more = false;
		n = listed_threads(tgid, tids, sizeof(tids) / sizeof(tids[0]));
		if (n > sizeof(tids) / sizeof(tids[0]))
			return -E2BIG;
		for (i = 0; i < n; i++) {
			if (tids[i] == tid || tracee_process(tids[i]))
				continue;
			/* Running, it takes no PTRACE_SETOPTIONS: exec events now. */
			if (ptrace(PTRACE_SEIZE, tids[i], 0, EVENTS_OPTIONS | PTRACE_O_TRACEEXEC) < 0)
				continue;	/* gone */
			more = true;
			adopt(tid, tids[i], true);
			if (!tracee_process(tids[i]) && tracee_register(tids[i], tgid) < 0)
				return -ENOMEM;
		}
	}
	exec_events(tid, n > 1);
	return 0;
}

int events_wait_interrupt(pid_t tid, void (*idle)(pid_t tid))
{
	const struct timespec nap = { .tv_nsec = 100 * 1000 };
	int status;
	pid_t got;

	for (;;) {
		got = reports_wait(tid, &status, WNOHANG);
		if (got < 0)
			return 0;
		if (got == 0) {
			idle(tid);
			nanosleep(&nap, NULL);
			continue;
		}
		if (WIFSTOPPED(status) && status >> 16 == PTRACE_EVENT_STOP)
			return WSTOPSIG(status);
		if (WIFSTOPPED(status) && !(status >> 16) && WSTOPSIG(status) != (SIGTRAP | 0x80)) {
			ptrace(PTRACE_CONT, tid, 0, WSTOPSIG(status));	/* a signal: on */
			continue;
		}
		events_handle(tid, status);
		if (!WIFSTOPPED(status))
			return 0;
	}
}

void events_let_go(pid_t tgid, family_set deny, void (*idle)(pid_t tid), const char **why)
{
	pid_t tids[256];
	size_t n = tracee_threads(tgid, tids, sizeof(tids) / sizeof(tids[0]));
	struct inject ij;
	bool denied = !deny;

	if (n > sizeof(tids) / sizeof(tids[0]))
		n = sizeof(tids) / sizeof(tids[0]);
	for (size_t i = 0; i < n; i++)
		ptrace(PTRACE_INTERRUPT, tids[i], 0, 0);
	for (size_t i = 0; i < n; i++) {
		if (!events_wait_interrupt(tids[i], idle)) {
			tids[i] = 0;
			continue;
		}
		if (denied || inject_begin(&ij, tids[i], false, -1) < 0)
			continue;
		denied = defaults_deny(&ij, deny, EPERM) == 0;
		inject_end(&ij, arch_result(&ij.orig));
	}
	if (!denied)
		*why = "cannot fail its moved calls: it dies";
	for (size_t i = 0; i < n; i++) {
		if (!tids[i])
			continue;
		if (!denied)
			kill(tids[i], SIGKILL);
		ptrace(PTRACE_DETACH, tids[i], 0, 0);
		forget(tids[i]);
	}
}
