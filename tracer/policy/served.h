/*
 * Stacks served by a helper process (see net/nshelper.h): a network
 * namespace the tracer may not enter itself, when the one who asks for it
 * owns it, and the fresh stack new.
 */
#ifndef MSTACK_SERVED_H
#define MSTACK_SERVED_H

#include <stddef.h>
#include <sys/types.h>

#include "net/stack.h"

/*
 * Returns 1 if the tracer may enter the network namespace @nsfd itself
 * (setns(2): CAP_SYS_ADMIN in its own user namespace and in the owning
 * one), 0 if not, or -errno.
 */
int served_tracer_enters(int nsfd);

/*
 * Makes @s, a STACK_NETNS stack the tracer may not enter, a STACK_SERVED
 * one: its helper joins the owning user namespace, then the network
 * namespace.  @requester (a thread) must own @s: the user namespace that
 * owns it must lie below @requester's own and belong to its effective
 * uid.  Returns 0, or -errno with the reason in @why (EPERM: not the
 * requester's).
 */
int served_join(struct stack *s, pid_t requester, char *why, size_t size);

/* Starts the helper of @s, a STACK_SERVED stack not started yet (new). Returns 0 or -errno. */
int served_fresh(struct stack *s);

#endif
