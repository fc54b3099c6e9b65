/*
 * Whose sockets: the tracer makes them with the program's credentials, so
 * that what the kernel forbids the program (raw and packet sockets without
 * CAP_NET_RAW, ping sockets outside net.ipv4.ping_group_range, privileged
 * netlink use through the socket's file credentials) stays forbidden under
 * mstack, and a socket belongs to the uid and gid that made it.
 */
#ifndef MSTACK_CREDS_H
#define MSTACK_CREDS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "policy/creds_status.h"

struct creds {
	bool as_tracer;		/* the very same identity as the tracer's */
	uid_t uid[ID_KINDS];
	gid_t gid[ID_KINDS];
	int ngroups;
	gid_t *groups;		/* the reading thread's buffer: see creds_of() */
	uint64_t effective;	/* capabilities */
	const char *cgroup;	/* its cgroup v2 path if not the tracer's, else NULL;
				   in the reading thread's buffer, like groups */
};

/*
 * Remembers the tracer's own credentials; call once before any thread
 * starts.  Returns 0 or -errno.
 */
int creds_init(void);

/*
 * Reads the credentials of thread @tid into @c: its ids, all its
 * supplementary groups, its effective capabilities, and its cgroup when
 * that is not the tracer's (a socket is accounted to its creator's).
 * @c->groups and @c->cgroup live in buffers of the calling thread, valid
 * until that thread's next call.
 * Returns 0, -EPERM for a program in another user namespace (its
 * capabilities mean nothing here), or -errno.
 */
int creds_of(pid_t tid, struct creds *c);

/*
 * Thread @tid is about to change its namespaces or, with @groups, its
 * supplementary groups, with @regroups (the filter stops the calls that can): what was
 * learnt of any thread is learnt again, and a process whose thread
 * changes its groups has them read at every socket from then on.
 */
void creds_changing(pid_t tid, bool regroups);

/* Frees what the calling thread kept for creds_of(): it is about to end. */
void creds_thread_done(void);

/*
 * Reads @tid's effective capabilities and effective uid (as the tracer's
 * user namespace sees it), what the kernel weighs for setns(2).
 * Returns 0 or -errno.
 */
int creds_setns_view(pid_t tid, uint64_t *effective, uid_t *euid);

/*
 * The calling thread (only) takes @c, all but the saved ids, which stay
 * the tracer's so that it can come back.  Returns 0 or -errno, the
 * thread's own identity back on failure.
 */
int creds_assume(const struct creds *c);

/*
 * The calling thread takes its own identity back.  A thread that cannot
 * must never serve again: this ends the session (the tracer exits, and
 * the kernel kills the traced programs) rather than return.
 */
void creds_restore(void);

#endif
