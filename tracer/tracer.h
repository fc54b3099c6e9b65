/* The tracer process: what it knows about the session. */
#ifndef MSTACK_TRACER_H
#define MSTACK_TRACER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "net/families.h"
#include "net/stack.h"

struct tracer_config {
	family_set families;
	struct stack *primary;	/* the STACK of the command line */
	struct stack *native;	/* where mstack started */
	int verbose;		/* 1: calls; 2: also events and addresses */
	bool ptrace_only;
	int backtrace_depth;	/* -k */
	bool log_before_answer;	/* -v: notifications wait killable once received */
	int log_fd;		/* where -v goes */
};

/* Debug counters, written to $MSTACK_DEBUG_COUNTERS when the tracer exits. */
struct counters {
	unsigned long notifications, ptrace_stops, injected, sockets;
};

extern struct counters counters;
extern struct tracer_config tracer_cfg;

static inline void count(unsigned long *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

/* True if socket() is served through seccomp user notification. */
static inline bool tracer_notifies(void)
{
	return !tracer_cfg.ptrace_only && !tracer_cfg.backtrace_depth;
}

/*
 * Runs the tracer for @command_pid, which waits on @ctl for the go-ahead
 * and names its seccomp notification fd there (-1 if the kernel has none).
 * Reports setup failures over @ctl.  Never returns.
 */
void __attribute__((noreturn)) tracer_main(pid_t command_pid, int ctl);

#endif
