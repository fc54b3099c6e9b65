/*
 * Mounted stacks: a stack kept alive by "mstack --mount" and published as
 * a unix socket file.  Whoever may connect to the file (the kernel checks
 * write permission on it, unix(7)) is greeted with the descriptor of the
 * stack's network namespace, then asks for sockets with the sockserve
 * wire, which the mount process makes with its owner's identity.
 */
#ifndef MSTACK_MOUNTED_H
#define MSTACK_MOUNTED_H

#include <stdbool.h>

/* Returns true if @path is a socket file, so names a mounted stack. */
bool mounted_is(const char *path);

/*
 * Connects to the mounted stack at @path (ECONNREFUSED: nobody serves
 * it any more, a stale one).  Returns the close-on-exec connection, or
 * -errno.
 */
int mounted_connect(const char *path);

/* Greets the requester on @conn with @nsfd, the stack's namespace. Returns 0 or -errno. */
int mounted_greet(int conn, int nsfd);

/*
 * Receives the greeting on @conn.  Returns the stack's namespace,
 * close-on-exec, or -errno.
 */
int mounted_welcome(int conn);

#endif
