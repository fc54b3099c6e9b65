/*
 * The ptrace side of the tracer.  Threads, forks, vforks and clones are
 * attached by the kernel (PTRACE_O_TRACE*), so every process of the session
 * is traced and dies with the tracer (PTRACE_O_EXITKILL).  Most stops need
 * nothing but a restart; group stops are left in place with PTRACE_LISTEN
 * so that job control behaves as without a tracer.
 */
#include <errno.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "channel.h"
#include "events.h"
#include "ptrace_path.h"
#include "tracee.h"
#include "tracer.h"

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* A new thread or process starts with its parent's channel guess. */
static void on_new_task(pid_t parent)
{
	unsigned long child;
	struct tracee *p = tracee_find(parent), *t;

	if (!p || !p->channel || ptrace(PTRACE_GETEVENTMSG, parent, 0, &child) < 0)
		return;
	t = tracee_get((pid_t)child);
	if (t && !t->channel)
		t->channel = channel_ref(p->channel);
}

static void on_stop(pid_t tid, int status)
{
	int sig = WSTOPSIG(status), event = status >> 16;

	count(&counters.ptrace_stops);
	switch (event) {
	case PTRACE_EVENT_SECCOMP:
		ptrace_path_serve(tid);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		on_new_task(tid);
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	case PTRACE_EVENT_STOP:
		if (is_stop_signal(sig))
			ptrace(PTRACE_LISTEN, tid, 0, 0);	/* group stop */
		else
			ptrace(PTRACE_CONT, tid, 0, 0);	/* new task, or interrupt */
		return;
	case 0:
		/* A signal on its way to the program: deliver it. */
		ptrace(PTRACE_CONT, tid, 0, sig == (SIGTRAP | 0x80) ? 0 : sig);
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
			tracee_forget(tid);
	}
}
