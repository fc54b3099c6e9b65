/*
 * Running system calls inside a stopped thread.  A session starts at a
 * seccomp stop (the program's own call not yet made), or at the stop of a
 * thread interrupted in a call waiting for a notification's answer (the
 * kernel would make that call again), and ends by giving the program a
 * result for that call, as if the kernel had answered it.
 */
#ifndef MSTACK_INJECT_H
#define MSTACK_INJECT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "abi/arch.h"

struct inject {
	pid_t tid;
	arch_regs orig;		/* at the seccomp stop */
	bool at_entry;		/* nothing run yet: the program's call can be replaced */
	bool interrupted;	/* began at an interrupt stop; the caller resumes it */
	bool ran;		/* a call was injected: the thread is at its exit stop */
	bool gone;		/* the thread died under us */
	bool masked;		/* signals blocked for the session; @mask is the thread's own */
	uint64_t mask;		/* the kernel's sigset_t */
	bool group_stop;	/* the thread was in a group stop meanwhile */
	bool compat;		/* an i386 program: its ABI for injected calls */
	bool threaded;		/* another thread could exec meanwhile */
};

/*
 * Notes that thread @parent made thread @child: their process has threads
 * now, and one of them could exec while another is in a session.
 */
void inject_threads(pid_t parent, pid_t child);

/* Forgets @tid (it has exited). */
void inject_forget(pid_t tid);

/*
 * Starts a session at @tid's seccomp stop, or its interrupt stop in a call
 * that would be made again; @compat for a call of the i386 ABI; @stop is
 * the kind of stop (PTRACE_SYSCALL_INFO_*) the caller has seen @tid at,
 * or -1 to ask the kernel.  @ij->threaded tells whether @tid's process
 * has had threads (see inject_threads()); the caller sets it for a thread
 * it does not know.  Returns 0 or -errno.
 */
int inject_begin(struct inject *ij, pid_t tid, bool compat, int stop);

/*
 * Runs syscall @nr (its x86_64 number) with @args in the thread, in the
 * thread's ABI.  Returns its result (>= 0 or -errno), -ESRCH if the thread
 * died, -ENOSYS for a call the i386 ABI lacks here.
 */
long inject_syscall(struct inject *ij, long nr, const uint64_t args[6]);

/*
 * Ends the session: the program's call returns @result.  The thread runs
 * on, unless the session began at an interrupt stop: the caller then lets
 * it go (PTRACE_DETACH or PTRACE_CONT).
 */
void inject_end(struct inject *ij, long result);

/*
 * Lets @tid's call go to the kernel as it is: resumes it from its seccomp
 * stop; at an interrupt stop leaves it for the caller to let go, after
 * which the kernel makes the call again.
 */
void inject_resume(pid_t tid);

/*
 * Returns true if @tid is in a session now: a call it makes is one the
 * tracer injected.  Any thread may ask.
 */
bool inject_running(pid_t tid);

/* True for the signals whose default action is to stop the process. */
static inline bool inject_is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Returns a 16-byte aligned address of @len scratch bytes below the red zone. */
static inline uint64_t inject_scratch(const struct inject *ij, size_t len)
{
	return (arch_sp(&ij->orig) - ARCH_RED_ZONE - len) & ~(uint64_t)15;
}

#endif
