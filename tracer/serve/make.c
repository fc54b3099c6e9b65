/*
 * The serve sequence both back ends share: decide the stack, take the
 * program's credentials, make the socket there, count it.  Called by the
 * notification thread and the ptrace thread alike; it keeps no state.
 */
#include <errno.h>

#include "policy/creds.h"
#include "policy/path_stacks.h"
#include "policy/resident.h"
#include "policy/tracee.h"
#include "ptrace/counters.h"
#include "ptrace/memory.h"
#include "serve/make.h"

int make_own_netns(struct sockcall *c, const char **note)
{
	int own = tracee_own_netns(c->tid);

	if (own < 0) {
		*note = "cannot read the thread's network namespace";
		return own;
	}
	if (own) {
		c->own_netns = true;
		c->why = "the thread's own network namespace";
	}
	return own;
}

/*
 * Handing a decided call back to the kernel is safe only when nothing
 * decided was read from the program's memory: socket() and socketpair()
 * take their arguments in registers, which the kernel reads again as they
 * were (seccomp_unotify(2), SECCOMP_USER_NOTIF_FLAG_CONTINUE; a ptrace
 * stop resumed).  An i386 socketcall() reads them from memory, which
 * another thread may change once we have looked: it is never handed back
 * (see sockcall_decode()), nor can the tracer make it in a namespace it
 * has not entered, so it fails.
 */
int make_decide(const struct seccomp_data *d, pid_t tid, const struct table *table,
		struct sockcall *c, const char **note)
{
	int ret = sockcall_decode(d, tid, memory_reader, &tid, c);

	if (ret)
		return ret;
	ret = make_own_netns(c, note);
	if (ret < 0)
		return ret;
	if (ret && !sockcall_may_continue(c)) {
		*note = "a socketcall() cannot be handed back to the kernel";
		return -EPERM;
	}
	if (ret)
		return MAKE_KERNEL;
	c->stack = table_lookup(table, c->domain);
	if (!c->stack) {
		c->stack = stacks_native();
		c->why = "not moved";
	}
	return 0;
}

int make_sockets(const struct sockcall *c, int fds[2], const char **note)
{
	struct creds who;
	int ret = creds_of(c->tid, &who);

	if (ret < 0) {
		*note = "cannot take the program's credentials";
		return ret;
	}
	ret = resident_socket(c->stack, c->domain, c->type, c->protocol,
			      c->kind == CALL_SOCKETPAIR, fds, &who);
	if (ret > 0)
		counters_add(COUNT_SOCKETS);
	return ret;
}
