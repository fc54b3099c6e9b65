/*
 * Attachment on demand.  Where no process is held from its start
 * (session_holds_all()), the notification threads hand over what needs a
 * tracer (serve/notify.c): an msocket() (the program opens its path
 * itself, and new defaults must follow its children), a socketpair() (two
 * descriptors appear at once, through the program's own recvmsg()), and a
 * request to trace a process the session holds.
 *
 * For a call, this thread seizes the caller (or interrupts it, if the
 * session holds it), answers the notification with "make the call again"
 * (the kernel's ERESTARTNOINTR, which the thread acts on only after the
 * interrupt stop), and at that stop serves the call as at a seccomp stop,
 * with the thread's registers as they are, giving it its result
 * (ptrace/inject.c); then it lets go of the thread, unless new defaults
 * hold its process from now on (events_hold()).  A thread another program
 * traces cannot be seized: its call fails with EBUSY.
 *
 * A request to trace (PTRACE_TRACEME, PTRACE_ATTACH, PTRACE_SEIZE) of a
 * held process makes the session let go of that process first
 * (events_let_go()); the kernel then makes the request.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/arch.h"
#include "abi/msocket_abi.h"
#include "abi/systable.h"
#include "net/msocket_nr.h"
#include "policy/tracee.h"
#include "ptrace/inject.h"
#include "ptrace/memory.h"
#include "ptrace/procfs.h"
#include "report/log.h"
#include "ptrace/reports.h"
#include "serve/attach.h"
#include "serve/events.h"
#include "serve/msocket_call.h"
#include "serve/notify.h"
#include "serve/ptrace_path.h"

/* The kernel's own restart codes, never seen by a program. */
#define ERESTARTSYS	512
#define ERESTARTNOINTR	513
#define ERESTARTNOHAND	514

/* True if @r, at an interrupt stop, is in the call of @req, to be made again. */
static bool in_call(const arch_regs *r, const struct seccomp_notif *req)
{
	long result = arch_result(r);

	return arch_nr(r) == req->data.nr && arch_ip(r) == req->data.instruction_pointer &&
	       (result == -ERESTARTSYS || result == -ERESTARTNOINTR || result == -ERESTARTNOHAND);
}

/*
 * Has the calls of @tid that wait for this thread made again: a thread
 * asked to stop while it waits for an answer (killable only, once
 * received) stops only once answered.  A signal before its call was
 * received may have made it call again, so the call the ptrace thread
 * serves may no longer be the one it waits in.
 */
static void restart_queued(pid_t tid)
{
	notify_restart(tid, -ERESTARTNOINTR);
}

/* Returns true if @req is an msocket() that changes the caller's defaults. */
static bool changes_defaults(const struct seccomp_notif *req, const struct sys_row *row)
{
	struct msocket_args a;
	pid_t tid = (pid_t)req->pid;

	if (row->call == SC_socketpair || row->call == SC_socketcall)
		return false;
	return msocket_decode(&req->data, memory_reader, &tid, &a) > 0 &&
	       a.type == MSOCKET_SOCK_DEFAULT && a.path;
}

/*
 * Serves call @req of @tid, stopped with registers @r in it: at an
 * interrupt stop, which is no syscall stop (PTRACE_SYSCALL_INFO_NONE).
 */
static void serve_stopped(pid_t tid, const struct seccomp_notif *req, const arch_regs *r,
			  const struct sys_row *row)
{
	struct seccomp_data d = req->data;
	struct table *table = tracee_table(tid);

	arch_get_args(r, (uint64_t *)d.args, d.arch == ARCH_COMPAT_AUDIT);
	if (row->call == SC_socketpair || row->call == SC_socketcall)
		ptrace_path_serve(tid, &d, table, PTRACE_SYSCALL_INFO_NONE);
	else
		msocket_serve(tid, &d, table, PTRACE_SYSCALL_INFO_NONE);
	table_put(table);
}

/*
 * Lets @tid, stopped by @sig, run on: held (its process is the session's
 * from now on) or let go.  A thread in a group stop stays in it.
 */
static void resume(pid_t tid, int sig, bool held)
{
	if (!held)
		ptrace(PTRACE_DETACH, tid, 0, 0);
	else if (inject_is_stop_signal(sig))
		ptrace(PTRACE_LISTEN, tid, 0, 0);
	else
		ptrace(PTRACE_CONT, tid, 0, 0);
}

/*
 * Returns why PTRACE_SEIZE of @tid failed with EPERM, for -v: another
 * tracer, or else a security module.  Yama's ptrace_scope 1 lets a
 * process trace only its descendants and those that named it
 * (PR_SET_PTRACER): the tracer is no ancestor of the command
 * (src/cli/launch.c), which names it, but its children do not.
 */
static const char *why_untraceable(pid_t tid)
{
	if (procfs_tracer(tid) > 0)
		return "traced by another program";
	return "the kernel does not let mstack trace it (Yama's ptrace_scope?)";
}

/* Serves call @req, of a kind @row, of a thread that needs a tracer for it. */
static void serve_call(const struct seccomp_notif *req, const struct sys_row *row)
{
	pid_t tid = (pid_t)req->pid, tgid;
	bool held = tracee_process(tid) != 0;
	arch_regs r;
	int sig;

	if (!held && ptrace(PTRACE_SEIZE, tid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) < 0) {
		int err = errno;

		if (log_on() && err == EPERM)
			log_problem("%d: %s: its %s fails, mstack must trace it for that call",
				    tid, why_untraceable(tid), row->name);
		notify_answer(req, err == EPERM ? -EBUSY : -err, false);
		return;
	}
	ptrace(PTRACE_INTERRUPT, tid, 0, 0);
	notify_answer(req, -ERESTARTNOINTR, false);
	sig = events_wait_interrupt(tid, restart_queued);
	if (!sig)
		return;
	if (ptrace(PTRACE_GETREGS, tid, 0, &r) == 0 && in_call(&r, req)) {
		tgid = procfs_tgid(tid);
		if (!held && changes_defaults(req, row) && tgid && events_hold(tid, tgid) == 0)
			held = true;
		serve_stopped(tid, req, &r, row);
	}
	resume(tid, sig, held);
}

/* True if @tid sees the pids of our pid namespace. */
static bool same_pid_ns(pid_t tid)
{
	struct procfs_ns ours, theirs;

	return procfs_ns(getpid(), "pid", &ours) == 0 && procfs_ns(tid, "pid", &theirs) == 0 &&
	       procfs_ns_same(&ours, &theirs);
}

/*
 * Serves a request to trace: lets go of the process it names if the
 * session holds it, then the kernel makes it.  A caller in another pid
 * namespace names pids we cannot map: its request goes to the kernel as
 * it is (which refuses one for a process we hold).
 */
static void let_go(const struct seccomp_notif *req)
{
	pid_t caller = (pid_t)req->pid, target, tgid;
	const char *why = NULL;
	bool inside;

	target = (uint32_t)req->data.args[0] == PTRACE_TRACEME ? caller : (pid_t)req->data.args[1];
	tgid = same_pid_ns(caller) && target > 0 ? procfs_tgid(target) : 0;
	if (!tgid || !tracee_is_process(tgid)) {
		notify_answer(req, 0, true);
		return;
	}
	/*
	 * The caller is stopped with the rest of its process: it asks again.
	 * Asked to stop before it is answered, it acts on the answer only
	 * after its stop, where the kernel makes the call again.
	 */
	inside = procfs_tgid(caller) == tgid;
	if (inside) {
		ptrace(PTRACE_INTERRUPT, caller, 0, 0);
		notify_answer(req, -ERESTARTNOINTR, false);
	}
	if (log_on())
		log_problem("%d: a program traces it: mstack lets go of it", tgid);
	events_let_go(tgid, tracee_differs(tgid), restart_queued, &why);
	if (why && log_on())
		log_problem("%d: %s", tgid, why);
	if (!inside)
		notify_answer(req, 0, true);
}

/* Serves one notification handed over by a notification thread. */
static void serve(const struct seccomp_notif *req)
{
	const struct sys_row *row = systable_find(req->data.arch, req->data.nr);

	if (!row)
		notify_answer(req, -ENOSYS, false);
	else if (row->call == SC_ptrace)
		let_go(req);
	else
		serve_call(req, row);
}

/*
 * Drains @fd, non-blocking: the signalfd of SIGCHLD (the reports are
 * taken by waitpid()) or the eventfd of notify_wake_fd().
 */
static void drain(int fd)
{
	struct signalfd_siginfo si[8];

	while (read(fd, si, sizeof(si)) > 0)
		;
}

int attach_prepare(void)
{
	sigset_t chld;
	int sfd;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0)
		return -errno;
	sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	return sfd < 0 ? -errno : sfd;
}

void attach_loop(int listener, int sfd)
{
	struct pollfd p[3] = {
		{ .fd = listener },	/* POLLHUP: no process has the filter any more */
		{ .fd = notify_wake_fd(), .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};
	struct seccomp_notif *req;

	for (;;) {
		if (poll(p, 3, reports_pending() ? 0 : -1) < 0) {
			if (errno == EINTR)
				continue;
			log_problem("cannot wait for work: %s", strerror(errno));
			return;
		}
		if (p[2].revents)
			drain(sfd);
		events_loop(true, __WALL | __WNOTHREAD | WNOHANG);
		if (p[1].revents)
			drain(p[1].fd);
		while ((req = notify_take())) {
			serve(req);
			notify_done(req);
		}
		if (p[0].revents & (POLLHUP | POLLERR) && !tracee_any())
			return;
	}
}
