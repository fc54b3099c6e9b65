/* The ptrace event loop. */
#ifndef MSTACK_EVENTS_H
#define MSTACK_EVENTS_H

#include <sys/ptrace.h>
#include <stdbool.h>
#include <sys/types.h>

#include "net/families.h"

/* The command is seized with these; exec events are managed in events.c. */
#define EVENTS_OPTIONS (PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD | \
			      PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
			      PTRACE_O_TRACECLONE | PTRACE_O_TRACESECCOMP)

/*
 * Serves ptrace stops until no traced thread is left, or, with WNOHANG in
 * @flags (waitpid(2) flags, __WALL at least), those that are ready now;
 * @notifies if the filter sends socket() to a notification thread.
 */
void events_loop(bool notifies, int flags);

/* Serves @status, a report of @tid from waitpid(). */
void events_handle(pid_t tid, int status);

/*
 * Holds process @tgid from now on: @tid, one of its threads, stopped and
 * already traced by us, and every other thread, which is seized.  Its
 * children are then followed, with its table.  Returns 0 or -errno.
 */
int events_hold(pid_t tid, pid_t tgid);

/*
 * Waits until @tid, asked to stop (PTRACE_INTERRUPT), is at that stop,
 * serving its other reports meanwhile and calling @idle while it does not
 * stop (it may wait for an answer only the caller can give).  Returns the
 * stop's signal (SIGTRAP, or a stop signal in a group stop), 0 if it died.
 */
int events_wait_interrupt(pid_t tid, void (*idle)(pid_t tid));

/*
 * Lets go of held process @tgid: a program wants to trace it.  Its socket
 * calls of @deny (the families whose stack its table changed), which the
 * tracer could no longer follow into its children, fail with EPERM from
 * now on, in it and in what it starts; if that cannot be arranged, it is
 * killed, and *@why says so.  @idle as for events_wait_interrupt().
 */
void events_let_go(pid_t tgid, family_set deny, void (*idle)(pid_t tid), const char **why);

/* True if exec events are wanted for every process (-vv, -k). */
bool events_exec_always(void);

#endif
