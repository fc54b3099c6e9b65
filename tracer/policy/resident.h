/*
 * Making sockets inside a stack.  The threads that serve calls live in the
 * session's main stack; other stacks are served by a small, fixed pool of
 * worker threads, each living in the stack it last served.
 */
#ifndef MSTACK_RESIDENT_H
#define MSTACK_RESIDENT_H

#include "policy/creds.h"
#include "net/stack.h"

/* Names the stack every thread starts in. */
void resident_init(struct stack *native_stack);

/* Moves the calling thread into @s for good. Returns 0 or -errno. */
int resident_enter(struct stack *s);

/*
 * Creates socket(@domain, @type, @protocol) in @s, close-on-exec in the
 * tracer, with the credentials @who; with @pair, socketpair() into @fds.
 * A STACK_SERVED stack's helper makes them, as itself.
 * Returns the number of descriptors made (1 or 2), or -errno: the stack's
 * own error, EAFNOSUPPORT for the null stack, why it could not be entered,
 * or ENOMEM when no worker thread could be started for it.
 */
int resident_socket(struct stack *s, int domain, int type, int protocol,
		    int pair, int fds[2], const struct creds *who);

/*
 * Ends the worker living in @s, which nothing holds any more, if there is
 * one, and forgets @s: it is about to be freed.
 */
void resident_release(struct stack *s);

#endif
