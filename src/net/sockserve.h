/*
 * Sockets made by another process.  A requester asks over a unix
 * SOCK_SEQPACKET socket for socket() or socketpair(); the server makes
 * them where it lives and answers with the result, passing the
 * descriptors (SCM_RIGHTS).  One message each way per request.
 */
#ifndef MSTACK_SOCKSERVE_H
#define MSTACK_SOCKSERVE_H

#include <stdbool.h>
#include <stdint.h>

struct sockserve_request {
	int32_t domain, type, protocol;
	int32_t pair;		/* socketpair() rather than socket() */
};

/*
 * Makes the sockets of @r for the server, with @arg its own: returns the
 * number of descriptors put in @fds (1, or 2 for a pair), or -errno.
 * Called in a process forked from a multithreaded one: system calls
 * only (async-signal-safe functions, signal-safety(7)).
 */
typedef int sockserve_maker(void *arg, const struct sockserve_request *r, int fds[2]);

/*
 * Sends @result over @conn with, when it is 1 or 2, that many of @fds.
 * Async-signal-safe.  Returns 0 or -errno.
 */
int sockserve_reply(int conn, int result, const int fds[2]);

/*
 * Receives a reply on @conn: its descriptors into @fds, close-on-exec
 * if @cloexec.  Returns the result (descriptors received), or -errno:
 * the server's error, -EMFILE when the descriptors did not fit, -EIO
 * when the server is gone or answered nonsense.
 */
int sockserve_receive(int conn, int fds[2], bool cloexec);

/*
 * Asks the server at @conn for @r; the descriptors come close-on-exec.
 * Returns the number of descriptors put in @fds, or -errno.  Not for
 * two requesters of the same @conn at once.
 */
int sockserve_ask(int conn, const struct sockserve_request *r, int fds[2]);

/*
 * Answers one request on @conn with @make(@arg, ...).  Returns 0, or -1
 * when the requester has gone.  Async-signal-safe as @make is.
 */
int sockserve_answer(int conn, sockserve_maker *make, void *arg);

/*
 * The server: answers requests on @conn with @make(@arg, ...) until the
 * requester closes its end.  Async-signal-safe as @make is.
 */
void sockserve_loop(int conn, sockserve_maker *make, void *arg);

#endif
