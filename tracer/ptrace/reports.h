/*
 * Waiting for one traced thread without losing the others' reports.
 * Only the ptrace thread (the tracer of every tracee) calls these.
 */
#ifndef MSTACK_REPORTS_H
#define MSTACK_REPORTS_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Waits for the next report (stop or exit) of thread @tid, as
 * waitpid(@tid, @status, @flags | __WALL | __WNOTHREAD) would, but takes
 * the reports of other tracees that come first and keeps them for
 * reports_take(): a thread group leader's exit is reported only once
 * every other thread of its group is reaped, which only we can do.
 * Returns @tid, 0 if @flags has WNOHANG and it has none yet, or -1 with
 * errno (ECHILD: not traced by us, or gone; without WNOHANG, @tid must be
 * a tracee the caller has just resumed).  Ends the tracer if another
 * thread's report cannot be kept (out of memory).
 */
pid_t reports_wait(pid_t tid, int *status, int flags);

/*
 * Takes a report kept by reports_wait(), oldest first, or else waits as
 * waitpid(-1, @status, @flags) does.  Returns what waitpid() returns.
 */
pid_t reports_take(int *status, int flags);

/* True if reports_wait() kept reports that reports_take() has not taken. */
bool reports_pending(void);

#endif
