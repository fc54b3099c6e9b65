/*
 * Sockets for programs in another cgroup than the tracer's.  The kernel
 * accounts a socket to the cgroup (v2) of the task that creates it, for
 * good: cgroup firewalls, accounting and "ss --cgroup" look at that.  A
 * thread cannot join a domain cgroup alone, so such a socket is made by a
 * short-lived helper process started in the program's cgroup.
 */
#ifndef MSTACK_CGROUP_H
#define MSTACK_CGROUP_H

#include "policy/creds.h"
#include "net/stack.h"

/*
 * Creates socket(@domain, @type, @protocol) (with @pair, socketpair())
 * in @s, from a process in cgroup @who->cgroup with the credentials @who.
 * Returns the number of descriptors put in @fds (close-on-exec), or
 * -errno: the stack's own error, or why the helper could not do it.
 */
int cgroup_socket(struct stack *s, int domain, int type, int protocol, int pair,
		  int fds[2], const struct creds *who);

#endif
