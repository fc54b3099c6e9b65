/* What both back ends do with a socket call: pick its stack, make it there. */
#ifndef MSTACK_MAKE_H
#define MSTACK_MAKE_H

#include <linux/seccomp.h>
#include <sys/types.h>

#include "abi/sockcall.h"
#include "policy/tables.h"

/*
 * Decodes @d of @tid and gives it the stack @table maps its family to; a
 * family the table leaves alone gets the native stack, so that no decoded
 * call is ever handed back to the kernel (see sockcall_decode()).
 * Returns 0, -EFAULT or -ENOSYS as sockcall_decode() does.
 */
int make_decide(const struct seccomp_data *d, pid_t tid, const struct table *table,
		struct sockcall *c);

/*
 * Makes @c's socket (a pair for socketpair()) in @c->stack with the
 * credentials of the thread that called, close-on-exec in the tracer,
 * into @fds.  Returns how many it made (1 or 2), or -errno with *@note
 * set when mstack itself is the reason.
 */
int make_sockets(const struct sockcall *c, int fds[2], const char **note);

#endif
