/*
 * Whose sockets: the tracer makes them with the program's credentials, so
 * that what the kernel forbids the program (raw and packet sockets without
 * CAP_NET_RAW, privileged netlink use through the socket's file
 * credentials) stays forbidden under mstack.
 */
#ifndef MSTACK_CREDS_H
#define MSTACK_CREDS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define CREDS_MAX_GROUPS 256

struct creds {
	bool as_tracer;		/* the tracer's own will do */
	uid_t ruid, euid;
	gid_t rgid, egid;
	int ngroups;
	gid_t groups[CREDS_MAX_GROUPS];
	uint64_t effective;	/* capabilities */
};

/* Remembers the tracer's own credentials; call once before any thread starts. */
int creds_init(void);

/*
 * Reads the credentials of thread @tid into @c.
 * Returns 0, -EPERM for a program in another user namespace (its
 * capabilities mean nothing here), or -errno.
 */
int creds_of(pid_t tid, struct creds *c);

/*
 * Reads @tid's effective capabilities and effective uid (as the tracer's
 * user namespace sees it), what the kernel weighs for setns(2).
 * Returns 0 or -errno.
 */
int creds_setns_view(pid_t tid, uint64_t *effective, uid_t *euid);

/*
 * The calling thread (only) takes @c; creds_restore() gives its own back.
 * Returns 0 or -errno.
 */
int creds_assume(const struct creds *c);
void creds_restore(void);

#endif
