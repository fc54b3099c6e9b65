/*
 * The ptrace side of the tracer.  Threads, forks, vforks and clones are
 * attached by the kernel (PTRACE_O_TRACE*), so every process of the session
 * is traced and dies with the tracer (PTRACE_O_EXITKILL).  Most stops need
 * nothing but a restart; group stops are left in place with PTRACE_LISTEN
 * so that job control behaves as without a tracer.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "channel.h"
#include "events.h"
#include "arch.h"
#include "backtrace.h"
#include "inject.h"
#include "log.h"
#include "msocket.h"
#include "ptrace_path.h"
#include "tables.h"
#include "tracee.h"
#include "tracer.h"
#include "watch.h"

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

static bool changes_userns(const struct seccomp_data *d)
{
	if (d->arch == ARCH_COMPAT_AUDIT)
		return d->nr == COMPAT_NR_unshare || d->nr == COMPAT_NR_setns;
	return d->nr == __NR_unshare || d->nr == __NR_setns;
}

/* Fails the call of a thread whose defaults are unknown: fail closed. */
static void refuse_unknown(pid_t tid)
{
	struct inject ij;

	if (tracer_cfg.verbose)
		log_problem("%d: unknown process: its socket call fails", tid);
	if (inject_begin(&ij, tid, false) == 0)	/* nothing injected: any ABI */
		inject_end(&ij, -ENOSYS);
}

/* The filter stopped @tid; its table is @t. */
static void serve_seccomp(pid_t tid, const struct table *t)
{
	struct seccomp_data d;

	if (stopped_call(tid, &d) < 0) {
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	if (!t && !changes_userns(&d) && !watch_is_watched(&d)) {
		refuse_unknown(tid);
		return;
	}
	if (changes_userns(&d)) {
		tracee_set_userns(tid, 0);	/* look again at the next socket */
		ptrace(PTRACE_CONT, tid, 0, 0);
	} else if (msocket_is_encoding(&d))
		msocket_serve(tid, &d, t);
	else if (watch_is_watched(&d))
		watch_serve(tid, &d);
	else
		ptrace_path_serve(tid, &d, t);
}

/* The filter stopped @tid. */
static void on_seccomp(pid_t tid)
{
	struct table *t = tracee_table(tid);

	serve_seccomp(tid, t);
	if (t)
		table_put(t);
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

bool events_exec_always(void)
{
	return tracer_cfg.verbose > 1 || tracer_cfg.backtrace_depth;
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
 * @parent made a thread or process: it inherits the parent's default table
 * (shared by a thread, copied by a process) and channel guess.  A child
 * that stopped before this event was held; now it may run, but only after
 * the parent: a thread that execs kills its leader and takes its id, and a
 * late PTRACE_CONT of that id would resume the new image from a stop we
 * never saw (a seccomp stop so resumed lets the call through).
 */
static void on_new_task(pid_t parent, int event)
{
	struct tracee *p = tracee_find(parent), *t;
	unsigned long child;
	bool thread;

	if (!p || !p->proc || ptrace(PTRACE_GETEVENTMSG, parent, 0, &child) < 0) {
		ptrace(PTRACE_CONT, parent, 0, 0);
		return;
	}
	thread = event == PTRACE_EVENT_CLONE && tracee_tgid_of((pid_t)child) == p->proc->tgid;
	t = tracee_adopt(parent, (pid_t)child, thread);
	if (tracer_cfg.verbose > 1)
		watch_event(parent, "%s %lu", thread ? "thread" : event == PTRACE_EVENT_CLONE ?
			    "clone" : event == PTRACE_EVENT_VFORK ? "vfork" : "fork", child);
	if (thread)
		exec_events(parent, true);
	ptrace(PTRACE_CONT, parent, 0, 0);
	if (t && t->held) {
		t->held = false;
		exec_events(t->tid, thread);
		ptrace(PTRACE_CONT, t->tid, 0, 0);
	}
}

/* A new thread's first stop: run it once we know whose it is. */
static void on_first_stop(pid_t tid)
{
	struct tracee *t = tracee_find(tid);

	if (t && t->proc) {
		exec_events(tid, t->proc->tgid != tid);
		ptrace(PTRACE_CONT, tid, 0, 0);
	} else if (tracee_hold(tid) < 0) {
		/* Without memory to wait, it runs with no table: its calls fail closed. */
		ptrace(PTRACE_CONT, tid, 0, 0);
	}
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

	if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &former) == 0 && (pid_t)former != tid)
		tracee_forget((pid_t)former);
	backtrace_forget(tid);
	if (tracer_cfg.verbose < 2)
		return;
	snprintf(exe, sizeof(exe), "/proc/%d/exe", tid);
	n = readlink(exe, path, sizeof(path) - 1);
	path[n > 0 ? n : 0] = '\0';
	watch_event(tid, "exec %s", n > 0 ? path : "?");
}

/* @tid has exited or was killed. */
static void on_exit_status(pid_t tid, int status)
{
	const struct tracee *t = tracee_find(tid);

	if (tracer_cfg.verbose > 1) {
		if (WIFEXITED(status))
			watch_event(tid, "exited with %d", WEXITSTATUS(status));
		else
			watch_event(tid, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)) ?: "?");
	}
	if (t && t->proc && t->proc->tgid == tid)
		backtrace_forget(tid);
	tracee_forget(tid);
}

static void on_stop(pid_t tid, int status)
{
	int sig = WSTOPSIG(status), event = status >> 16;

	count(&counters.ptrace_stops);
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
		if (is_stop_signal(sig))
			ptrace(PTRACE_LISTEN, tid, 0, 0);	/* group stop */
		else
			on_first_stop(tid);
		return;
	case 0:
		if (sig == (SIGTRAP | 0x80))
			watch_exit(tid);	/* only -vv asks for exit stops */
		else
			ptrace(PTRACE_CONT, tid, 0, sig);	/* a signal for the program */
		return;
	default:
		ptrace(PTRACE_CONT, tid, 0, 0);
	}
}

void events_loop(void)
{
	int status;
	pid_t tid;

	for (;;) {
		tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			return;	/* ECHILD: nobody left */
		}
		if (WIFSTOPPED(status))
			on_stop(tid, status);
		else
			on_exit_status(tid, status);
	}
}
