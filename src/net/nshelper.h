/*
 * A helper process that lives in a network namespace and makes sockets
 * there for a multithreaded process that may not enter it: only a
 * single-threaded process may join a user namespace (setns(2)), which an
 * unprivileged owner of the namespace must do first.
 */
#ifndef MSTACK_NSHELPER_H
#define MSTACK_NSHELPER_H

#include <pthread.h>

struct nshelper {
	int conn;		/* our end of the helper's socket */
	pthread_mutex_t lock;	/* one request at a time on @conn */
};

/*
 * Starts a helper that joins the user namespace @userns (unless -1) and
 * then the network namespace @netns; with @netns -1, it makes fresh ones
 * instead: a user namespace where the caller's uid and gid map to
 * themselves (setgroups denied), owning a network namespace with lo up.
 * The helper is not the caller's child (it is reparented at once), ends
 * when nshelper_end() closes its socket or the caller dies, and holds no
 * other descriptor of the caller.  Sets *@here to a close-on-exec
 * descriptor of the network namespace it lives in.  Returns the helper,
 * or NULL with errno: the helper's own set-up error (EPERM: it may not
 * enter) or ours.
 */
struct nshelper *nshelper_start(int userns, int netns, int *here);

/*
 * Returns a helper for the server already connected as @conn (a mounted
 * stack's), which it then owns, or NULL with errno.
 */
struct nshelper *nshelper_adopt(int conn);

/*
 * Makes socket(@domain, @type, @protocol) (socketpair() with @pair) in
 * @h's namespace, with the helper's identity.  The descriptors come
 * close-on-exec.  Returns how many were put in @fds, or -errno.
 */
int nshelper_socket(struct nshelper *h, int domain, int type, int protocol, int pair,
		    int fds[2]);

/* Ends @h (the helper exits when it reads the end) and frees it. */
void nshelper_end(struct nshelper *h);

#endif
