/*
 * Making sockets inside a stack.  A thread enters a network namespace once
 * and stays: the thread that serves calls lives in the session's main stack,
 * and every other stack gets a worker thread that lives there.
 */
#ifndef MSTACK_RESIDENT_H
#define MSTACK_RESIDENT_H

#include "creds.h"
#include "stack.h"

/* Names the stack every thread starts in. */
void resident_init(struct stack *native_stack);

/* Moves the calling thread into @s for good. Returns 0 or -errno. */
int resident_enter(struct stack *s);

/*
 * Creates socket(@domain, @type, @protocol) in @s, close-on-exec in the
 * tracer, with the credentials @who; with @pair, socketpair() into @fds.
 * Returns the number of descriptors made (1 or 2), or -errno: the stack's
 * own error, EAFNOSUPPORT for the null stack, or why it could not be entered.
 */
int resident_socket(struct stack *s, int domain, int type, int protocol,
		    int pair, int fds[2], const struct creds *who);

#endif
