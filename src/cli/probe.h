/* What the running kernel's seccomp user notification can do. */
#ifndef MSTACK_PROBE_H
#define MSTACK_PROBE_H

#include "tracer.h"

enum {
	NOTIFY_ADDFD_SEND = 1,	/* SECCOMP_ADDFD_FLAG_SEND (Linux 5.14) */
	NOTIFY_WAIT_KILLABLE = 2,	/* SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19) */
};

/*
 * Returns the NOTIFY_* bits of the features the running kernel has,
 * found by trying them on filters of the calling process, which is left
 * with them: it must be a process that is about to exit.
 */
int probe_notify(void);

/*
 * Completes @s, as the command line made it, with the features @found
 * (NOTIFY_* bits; 0 if not probed).
 */
void probe_decide(struct session *s, int found);

#endif
