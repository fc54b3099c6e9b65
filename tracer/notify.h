/* The fast path: seccomp user notification, one round trip per socket(). */
#ifndef MSTACK_NOTIFY_H
#define MSTACK_NOTIFY_H

#include "tracer.h"

/*
 * Starts a thread that serves the notifications of @listener with @table,
 * from inside @home.  Returns 0 or -errno (also when @home cannot be entered).
 */
int notify_start(int listener, const struct table *table, struct stack *home);

#endif
