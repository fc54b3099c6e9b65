/* The ptrace event loop. */
#ifndef MSTACK_EVENTS_H
#define MSTACK_EVENTS_H

#include <sys/ptrace.h>
#include <stdbool.h>
#include <sys/types.h>

/* The command is seized with these; exec events are managed in events.c. */
#define EVENTS_OPTIONS (PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD | \
			      PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
			      PTRACE_O_TRACECLONE | PTRACE_O_TRACESECCOMP)

/*
 * Serves ptrace stops until no traced thread is left; @notifies if the
 * filter sends socket() to a notification thread.
 */
void events_loop(bool notifies);

/* True if exec events are wanted for every process (-vv, -k). */
bool events_exec_always(void);

#endif
