/*
 * waitpid(@tid) alone can wait forever: a thread group leader's exit is
 * reported only once every other thread of its group is reaped (wait(2),
 * __WNOTHREAD aside), and a traced thread is reaped by its tracer, which
 * is us, waiting for the leader (ptrace(2)).  So a wait for one thread
 * takes whatever report comes and keeps the others', in order, for the
 * event loop, which takes kept reports before new ones: to it, a kept
 * report is one reported a little later.
 *
 * Only the ptrace thread calls these: no lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#include "ptrace/reports.h"

struct report {
	pid_t tid;
	int status;
};

static struct report *kept;
static size_t kept_head, kept_len, kept_size;

/* Keeps @tid's report @status. Returns 0 or -ENOMEM. */
static int keep(pid_t tid, int status)
{
	struct report *more;
	size_t size;

	if (kept_head == kept_len)
		kept_head = kept_len = 0;
	if (kept_len == kept_size) {
		size = kept_size ? kept_size * 2 : 16;
		more = realloc(kept, size * sizeof(*more));
		if (!more)
			return -ENOMEM;
		kept = more;
		kept_size = size;
	}
	kept[kept_len++] = (struct report){ tid, status };
	return 0;
}

/* Takes @tid's kept report into *@status. Returns true if there was one. */
static bool take_kept(pid_t tid, int *status)
{
	for (size_t i = kept_head; i < kept_len; i++) {
		if (kept[i].tid != tid)
			continue;
		*status = kept[i].status;
		for (; i > kept_head; i--)
			kept[i] = kept[i - 1];
		kept_head++;
		return true;
	}
	return false;
}

pid_t reports_wait(pid_t tid, int *status, int flags)
{
	siginfo_t si;
	pid_t got;

	if (take_kept(tid, status))
		return tid;
	/*
	 * Not ours to wait for: fail at once, as waitpid(@tid) does.  A
	 * blocking wait is for a thread its caller has just resumed, which
	 * is ours: a call saved at each injected one.
	 */
	if ((flags & WNOHANG) &&
	    waitid(P_PID, (id_t)tid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL | __WNOTHREAD) < 0)
		return -1;
	for (;;) {
		got = waitpid(-1, status, flags | __WALL | __WNOTHREAD);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || got == tid)
			return got;
		/*
		 * A report lost would leave its thread stopped for good; the
		 * session ends instead (the keeper says so, PTRACE_O_EXITKILL
		 * kills what is held, the rest fails closed).
		 */
		if (keep(got, *status) < 0)
			_exit(1);
	}
}

pid_t reports_take(int *status, int flags)
{
	pid_t tid;

	if (kept_head == kept_len)
		return waitpid(-1, status, flags);
	tid = kept[kept_head].tid;
	*status = kept[kept_head++].status;
	return tid;
}

bool reports_pending(void)
{
	return kept_head != kept_len;
}
