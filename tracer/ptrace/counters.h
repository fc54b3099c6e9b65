/*
 * Debug counters, written to $MSTACK_DEBUG_COUNTERS when the tracer exits.
 * Any thread may count; the lowest layer that counts (inject) is here.
 */
#ifndef MSTACK_COUNTERS_H
#define MSTACK_COUNTERS_H

enum counter {
	COUNT_NOTIFICATIONS,
	COUNT_PTRACE_STOPS,
	COUNT_INJECTED,
	COUNT_SOCKETS,
	COUNT_RECEIVERS,	/* notification threads that received a call */
	COUNT_KINDS
};

/* Counts one more of @kind. */
void counters_add(enum counter kind);

/* Appends the counts to $MSTACK_DEBUG_COUNTERS, if it names a file. */
void counters_write(void);

#endif
