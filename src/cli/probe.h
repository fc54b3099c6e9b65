/* What the running kernel's seccomp user notification can do. */
#ifndef MSTACK_PROBE_H
#define MSTACK_PROBE_H

#include "cli/options.h"
#include "tracer.h"

enum {
	NOTIFY_ADDFD_SEND = 1,	/* SECCOMP_ADDFD_FLAG_SEND (Linux 5.14) */
	NOTIFY_WAIT_KILLABLE = 2,	/* SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19) */
};

/* True if the session of @o needs probe_notify()'s answer. */
bool probe_wanted(const struct options *o);

/*
 * Returns the NOTIFY_* bits of the features the running kernel has,
 * found by trying them on filters of the calling process, which is left
 * with them: it must be a process that is about to exit.
 */
int probe_notify(void);

/* Sets what @s does with the features @found (NOTIFY_* bits) for @o. */
void probe_decide(struct session *s, const struct options *o, int found);

#endif
