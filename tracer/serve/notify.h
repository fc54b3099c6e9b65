/* The fast path: seccomp user notification, one round trip per socket(). */
#ifndef MSTACK_NOTIFY_H
#define MSTACK_NOTIFY_H

#include <stdbool.h>

#include "net/stack.h"

/*
 * Starts the threads (one per CPU, at most 4) that serve the notifications
 * of @listener from inside @home, each with the caller's default table;
 * with @log_before_answer (-v) a call is logged before the program gets
 * its answer.  Call it from a thread with the tracer's own identity.
 * Returns 0 or -errno (also when one cannot enter @home).
 */
int notify_start(int listener, struct stack *home, bool log_before_answer);

#endif
