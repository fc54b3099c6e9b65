/* The fast path: seccomp user notification, one round trip per socket(). */
#ifndef MSTACK_NOTIFY_H
#define MSTACK_NOTIFY_H

#include "policy/tables.h"
#include "tracer.h"

/*
 * Starts a thread that serves the notifications of @listener from inside
 * @home, each with the caller's default table.
 * Returns 0 or -errno (also when @home cannot be entered).
 */
int notify_start(int listener, struct stack *home);

#endif
