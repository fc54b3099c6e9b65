/* The tracer process, and the session the command line hands it. */
#ifndef MSTACK_TRACER_H
#define MSTACK_TRACER_H

#include <stdbool.h>
#include <sys/types.h>

#include "net/families.h"
#include "net/stack.h"

/* What the command line decided; the tracer never changes it. */
struct session {
	family_set families;
	struct stack *primary;	/* the STACK of the command line */
	struct stack *native;	/* where mstack started */
	int verbose;		/* 1: calls; 2: also events and addresses */
	bool ptrace_only;
	int backtrace_depth;	/* -k */
	bool log_before_answer;	/* -v: notifications wait killable once received */
	int log_fd;		/* where -v goes */
};

/* True if socket() is served through seccomp user notification. */
static inline bool session_notifies(const struct session *s)
{
	return !s->ptrace_only && !s->backtrace_depth;
}

/*
 * True if every process of the session is held under ptrace from its
 * start: --ptrace-only (or no notification), -k (backtraces are taken at
 * ptrace stops) and -vv (events and watched calls are ptrace stops).
 * Otherwise a process is held only once a feature needs it (see
 * serve/attach.c).
 */
static inline bool session_holds_all(const struct session *s)
{
	return !session_notifies(s) || s->verbose > 1;
}

/* The tracer's exit status when it refused the session (the command says why). */
#define TRACER_REFUSED 2

/*
 * Runs the tracer of session @s for @command_pid, which waits on @ctl for
 * the go-ahead and names its seccomp notification fd there (-1 if the
 * kernel has none).  Reports setup failures over @ctl.  Never returns.
 */
void __attribute__((noreturn)) tracer_main(const struct session *s, pid_t command_pid, int ctl);

#endif
