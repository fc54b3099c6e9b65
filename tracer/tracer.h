/* The tracer process, and the session the command line hands it. */
#ifndef MSTACK_TRACER_H
#define MSTACK_TRACER_H

#include <stdbool.h>
#include <sys/types.h>
#include <unistd.h>

#include "net/families.h"
#include "net/stack.h"
#include "ptrace/procfs.h"

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
 * notification fd's number in the command (-1 if the kernel has none),
 * whether a copy of it follows (sockserve_reply(), SCM_RIGHTS) or must be
 * taken from the command (with -vv the filter stops sendmsg), and the
 * session's choices that depend on the kernel's features.
 */
struct session_go {
	int listener;
	bool passed;
	bool ptrace_only;
	bool log_before_answer;
};

/*
 * What tracer_prepare() leaves for the tracer, which is forked after it:
 * where the command lives, and whether Yama lets us attach later only to
 * our descendants (ptrace/yama.h).
 */
struct tracer_ready {
	struct procfs_ns command_netns;
	bool yama_descendants_only;
};

/*
 * True if the command is held from its start, so that it must wait for
 * the tracer to seize it before it execs: where @s holds every process,
 * and under Yama's ptrace_scope 1 (@ready), where the kernel lets us hold
 * the command's children only from their birth.
 */
static inline bool session_waits(const struct session *s, const struct tracer_ready *ready)
{
	return session_holds_all(s) || ready->yama_descendants_only;
}

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
 * Does, in the calling process, what could make the tracer refuse @s
 * before the command runs: enters the stack, so that a tracer forked
 * afterwards lives in it, and fills @ready.  The calling process must
 * live where the command does.  Returns 0, or -errno with the reason in
 * @why.
 */
int tracer_prepare(const struct session *s, struct tracer_ready *ready, char *why, size_t size);

/*
 * Runs the tracer of session @s, prepared by tracer_prepare() into
 * @ready, for @command_pid, which sends its struct session_go on @ctl
 * and, if session_waits(), waits there for the go-ahead: setup failures
 * are reported there then.  Never returns.
 */
void __attribute__((noreturn)) tracer_main(const struct session *s, const struct tracer_ready *ready,
					   pid_t command_pid, int ctl);

#endif
