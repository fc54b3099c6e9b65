/*
 * Syscall injection.  At the seccomp stop the pending call can simply be
 * replaced and run to its exit stop: two stops, and no signal can slip in
 * between.  Any further call rewinds the instruction pointer onto the
 * syscall instruction and runs it again, through an entry and an exit stop;
 * a signal that arrives in that window is held back and delivered at the end.
 */
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inject.h"
#include "tracee.h"
#include "tracer.h"

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
	return info.op == (ij->at_entry ? PTRACE_SYSCALL_INFO_SECCOMP : PTRACE_SYSCALL_INFO_EXIT);
}

int inject_begin(struct inject *ij, pid_t tid, bool compat)
{
	ij->tid = tid;
	ij->compat = compat;
	ij->threaded = tracee_threaded(tid);
	ij->at_entry = true;
	ij->gone = false;
	sigemptyset(&ij->deferred);
	return get_regs(tid, &ij->orig);
}

/*
 * Resumes the thread to its next syscall stop.
 * Returns 0, or -ESRCH if it died.
 */
static int run_to_syscall_stop(struct inject *ij)
{
	int status, sig, event;

	if (ptrace(PTRACE_SYSCALL, ij->tid, 0, 0) < 0)
		goto gone;
	for (;;) {
		if (waitpid(ij->tid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			goto gone;
		}
		if (!WIFSTOPPED(status))
			goto gone;
		count(&counters.ptrace_stops);
		sig = WSTOPSIG(status);
		event = status >> 16;
		if (sig == (SIGTRAP | 0x80))
			return 0;
		if (!event && sig != SIGTRAP)
			sigaddset(&ij->deferred, sig);	/* signal-delivery stop */
		if (ptrace(PTRACE_SYSCALL, ij->tid, 0, 0) < 0)
			goto gone;
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
		nr = arch_compat_nr(nr);
	if (nr < 0)
		return -ENOSYS;
	count(&counters.injected);
	if (ij->at_entry)
		arch_set_nr(&r, nr);
	else
		arch_rewind(&r, arch_ip(&ij->orig), nr);
	arch_set_args(&r, args, ij->compat);
	if (!still_there(ij) || set_regs(ij->tid, &r) < 0)
		goto gone;
	if (!ij->at_entry && run_to_syscall_stop(ij) < 0)	/* entry */
		return -ESRCH;
	ij->at_entry = false;
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
	int sig = 0;

	if (ij->gone)
		return;
	if (ij->at_entry)
		arch_set_nr(&r, -1);	/* skip the program's call */
	arch_set_result(&r, result);
	if (!still_there(ij) || set_regs(ij->tid, &r) < 0)
		return;
	for (int s = 1; s < NSIG; s++) {
		if (!sigismember(&ij->deferred, s))
			continue;
		if (!sig)
			sig = s;
		else
			syscall(SYS_tkill, ij->tid, s);
	}
	ptrace(PTRACE_CONT, ij->tid, 0, sig);
}
