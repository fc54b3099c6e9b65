/* The tracer process, and the session the command line hands it. */
#ifndef MSTACK_TRACER_H
#define MSTACK_TRACER_H

#include <stdbool.h>
#include <sys/types.h>
#include <unistd.h>

#include "net/families.h"
#include "net/stack.h"

/*
 * What the command line decided; the tracer never changes it.  The tracer
 * is forked before the kernel's features are probed: it learns what
 * depends on them at the handshake (struct session_go).
 */
struct session {
	family_set families;
	struct stack *primary;	/* the STACK of the command line */
	struct stack *native;	/* where mstack started */
	int verbose;		/* 1: calls; 2: also events and addresses */
	bool ptrace_only;	/* --ptrace-only, or the kernel lacks ADDFD_SEND */
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

/*
 * What the command tells the tracer once its filter is installed: the
 * notification fd's number in the command (-1 if the kernel has none)
 * and the session's choices that depend on the kernel's features.
 */
struct session_go {
	int listener;
	bool ptrace_only;
	bool log_before_answer;
};

/*
 * borrow_fork(): vfork(2), where the child borrows our memory while we
 * wait, so no page tables are copied; fork(2) under a sanitizer, whose
 * runtime keeps per-thread state in memory the child would share and
 * change.  The child must never return from the function that called it.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MSTACK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define MSTACK_SANITIZED 1
#endif
#endif
#ifdef MSTACK_SANITIZED
#define borrow_fork() fork()
#else
#define borrow_fork() vfork()
#endif

/* The tracer's exit status when it refused the session (the command says why). */
#define TRACER_REFUSED 2

/*
 * Runs the tracer of session @s for @command_pid, which waits on @ctl for
 * the go-ahead and sends its struct session_go there.  Reports setup
 * failures over @ctl.  Never returns.
 */
void __attribute__((noreturn)) tracer_main(const struct session *s, pid_t command_pid, int ctl);

#endif
