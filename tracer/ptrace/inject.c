/*
 * Syscall injection.  At the seccomp stop the pending call can simply be
 * replaced and run to its exit stop: two stops, and no signal can slip in
 * between.  Any further call rewinds the instruction pointer onto the
 * syscall instruction and runs it again, through an entry and an exit stop;
 * between those the thread passes through user mode, where signals are
 * delivered.  So before the first such call every blockable signal is
 * blocked in the thread (PTRACE_SETSIGMASK): nothing is dequeued, and at
 * the end the thread's own mask comes back and each pending signal is
 * delivered by the kernel, once, with its own siginfo.  Of the two that
 * cannot be blocked, SIGKILL ends the session, and SIGSTOP (or a group
 * stop another thread started) leaves the thread back in the group stop
 * when the session ends.  Only the ptrace thread calls here: no lock.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/systable.h"
#include "ptrace/counters.h"
#include "ptrace/inject.h"
#include "ptrace/reports.h"
#include "ptrace/tidmap.h"

/* The threads of processes that have had more than one; the value is unused. */
static struct tidmap threaded = TIDMAP_INIT;
/* Set when @threaded could not grow: from then on every thread is checked. */
static bool threaded_unknown;
/* The thread in a session, for the notification threads to recognise its calls. */
static _Atomic pid_t running;

static int get_regs(pid_t tid, arch_regs *r)
{
	return ptrace(PTRACE_GETREGS, tid, 0, r) < 0 ? -errno : 0;
}

static int set_regs(pid_t tid, const arch_regs *r)
{
	return ptrace(PTRACE_SETREGS, tid, 0, r) < 0 ? -errno : 0;
}

/*
 * True if the thread still waits at the stop the session left it in.  A
 * thread of the program that execs kills its leader and takes the
 * leader's id: a register write meant for the leader would then reach the
 * new image, which waits at its exec stop instead.
 */
static bool still_there(const struct inject *ij)
{
	struct __ptrace_syscall_info info;

	if (!ij->threaded)
		return true;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, ij->tid, sizeof(info), &info) <= 0)
		return false;
	if (!ij->ran)
		return info.op == (ij->at_entry ? PTRACE_SYSCALL_INFO_SECCOMP :
				   PTRACE_SYSCALL_INFO_NONE);
	return info.op == PTRACE_SYSCALL_INFO_EXIT;
}

/* Returns the kind of stop @tid is at (PTRACE_SYSCALL_INFO_*), or -errno. */
static int stop_kind(pid_t tid)
{
	struct __ptrace_syscall_info info;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) <= 0)
		return -errno;
	return info.op;
}

int inject_begin(struct inject *ij, pid_t tid, bool compat, int stop)
{
	int kind = stop < 0 ? stop_kind(tid) : stop;

	if (kind < 0)
		return kind;
	ij->tid = tid;
	ij->compat = compat;
	ij->threaded = threaded_unknown || tidmap_get(&threaded, tid) != NULL;
	ij->interrupted = kind != PTRACE_SYSCALL_INFO_SECCOMP;
	ij->at_entry = !ij->interrupted;
	ij->ran = false;
	ij->gone = false;
	ij->masked = false;
	ij->group_stop = false;
	atomic_store(&running, tid);
	return get_regs(tid, &ij->orig);
}

void inject_resume(pid_t tid)
{
	if (stop_kind(tid) == PTRACE_SYSCALL_INFO_SECCOMP)
		ptrace(PTRACE_CONT, tid, 0, 0);
}

bool inject_running(pid_t tid)
{
	return atomic_load(&running) == tid;
}

/*
 * Blocks every signal in the thread before it first passes through user
 * mode, keeping its own mask for inject_end().  Returns 0 or -errno.
 */
static int block_signals(struct inject *ij)
{
	uint64_t all = ~(uint64_t)0;

	if (ij->masked)
		return 0;
	if (ptrace(PTRACE_GETSIGMASK, ij->tid, sizeof(ij->mask), &ij->mask) < 0)
		return -errno;
	if (ptrace(PTRACE_SETSIGMASK, ij->tid, sizeof(all), &all) < 0)
		return -errno;
	ij->masked = true;
	return 0;
}

/*
 * Resumes the thread to its next syscall stop.  Only signals that cannot
 * be blocked stop it on the way: SIGSTOP goes on to start the group stop,
 * and the group stop is noted, to be resumed in inject_end().
 * Returns 0, or -ESRCH if it died.
 */
static int run_to_syscall_stop(struct inject *ij)
{
	int status, sig, event, pass = 0;

	for (;;) {
		if (ptrace(PTRACE_SYSCALL, ij->tid, 0, pass) < 0)
			goto gone;
		pass = 0;
		if (reports_wait(ij->tid, &status, 0) < 0) {
			if (errno == EINTR)
				continue;
			goto gone;
		}
		if (!WIFSTOPPED(status))
			goto gone;
		counters_add(COUNT_PTRACE_STOPS);
		sig = WSTOPSIG(status);
		event = status >> 16;
		if (sig == (SIGTRAP | 0x80))
			return 0;
		if (event == PTRACE_EVENT_STOP && inject_is_stop_signal(sig))
			ij->group_stop = true;
		else if (!event && inject_is_stop_signal(sig))
			pass = sig;	/* signal-delivery stop: let it start the group stop */
	}
gone:
	ij->gone = true;
	return -ESRCH;
}

long inject_syscall(struct inject *ij, long nr, const uint64_t args[6])
{
	arch_regs r = ij->orig;

	if (ij->gone)
		return -ESRCH;
	if (ij->compat)
		nr = systable_compat_nr(nr);
	if (nr < 0)
		return -ENOSYS;
	counters_add(COUNT_INJECTED);
	if (ij->at_entry)
		arch_set_nr(&r, nr);
	else
		arch_rewind(&r, arch_ip(&ij->orig), nr);
	arch_set_args(&r, args, ij->compat);
	if (!still_there(ij) || (!ij->at_entry && block_signals(ij) < 0) ||
	    set_regs(ij->tid, &r) < 0)
		goto gone;
	if (!ij->at_entry && run_to_syscall_stop(ij) < 0)	/* entry */
		return -ESRCH;
	ij->at_entry = false;
	ij->ran = true;
	if (run_to_syscall_stop(ij) < 0 || get_regs(ij->tid, &r) < 0)	/* exit */
		goto gone;
	return arch_result(&r);
gone:
	ij->gone = true;
	return -ESRCH;
}

void inject_end(struct inject *ij, long result)
{
	arch_regs r = ij->orig;

	atomic_store(&running, 0);
	if (ij->gone)
		return;
	if (ij->at_entry)
		arch_set_nr(&r, -1);	/* skip the program's call */
	arch_set_result(&r, result);
	if (!still_there(ij) || set_regs(ij->tid, &r) < 0)
		return;
	if (ij->masked)
		ptrace(PTRACE_SETSIGMASK, ij->tid, sizeof(ij->mask), &ij->mask);
	/*
	 * Resuming a thread in a group stop lets it run while its process is
	 * stopped: ask for a trap first, which it takes before any of its own
	 * code; while the group is still stopped the trap reports the stop
	 * signal, a group stop that the event loop leaves in place.
	 */
	if (ij->group_stop)
		ptrace(PTRACE_INTERRUPT, ij->tid, 0, 0);
	if (!ij->interrupted)
		ptrace(PTRACE_CONT, ij->tid, 0, 0);
}

void inject_threads(pid_t parent, pid_t child)
{
	/* A check too many costs a system call; one too few, the race above. */
	if (tidmap_set(&threaded, parent, &threaded) || tidmap_set(&threaded, child, &threaded))
		threaded_unknown = true;
}

void inject_forget(pid_t tid)
{
	tidmap_take(&threaded, tid);
}
