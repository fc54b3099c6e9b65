/*
 * The serve sequence both back ends share: decide the stack, take the
 * program's credentials, make the socket there, count it.  Called by the
 * notification thread and the ptrace thread alike; it keeps no state.
 */
#include "policy/creds.h"
#include "policy/path_stacks.h"
#include "policy/resident.h"
#include "ptrace/counters.h"
#include "ptrace/memory.h"
#include "serve/make.h"

int make_decide(const struct seccomp_data *d, pid_t tid, const struct table *table,
		struct sockcall *c)
{
	int ret = sockcall_decode(d, tid, memory_reader, &tid, c);

	if (ret)
		return ret;
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
