/* What the tracer remembers per traced thread. */
#ifndef MSTACK_TRACEE_H
#define MSTACK_TRACEE_H

#include <sys/types.h>

struct channel;

struct tracee {
	pid_t tid;
	struct channel *channel;	/* ptrace path: where its descriptors come from */
};

/* Returns the entry for @tid, creating it; NULL when out of memory. */
struct tracee *tracee_get(pid_t tid);

/* Returns the entry for @tid or NULL. */
struct tracee *tracee_find(pid_t tid);

/* Forgets @tid (it has exited). */
void tracee_forget(pid_t tid);

#endif
