/* Whether the Yama security module limits whom we may trace. */
#ifndef MSTACK_YAMA_H
#define MSTACK_YAMA_H

#include <stdbool.h>

/*
 * Returns true if the kernel lets us attach only to our descendants and
 * to the processes that named us: Yama's ptrace_scope is 1 and we lack
 * CAP_SYS_PTRACE.  False without Yama, at scope 0, and at scopes 2 and 3,
 * where no attachment of an unprivileged tracer succeeds at all.
 */
bool yama_descendants_only(void);

#endif
