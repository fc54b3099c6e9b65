/* What both back ends do with a socket call: pick its stack, make it there. */
#ifndef MSTACK_MAKE_H
#define MSTACK_MAKE_H

#include <linux/seccomp.h>
#include <sys/types.h>

#include "abi/sockcall.h"
#include "policy/tables.h"

/* make_decide(): the call is the kernel's, to be made as the program asked. */
#define MAKE_KERNEL 1

/*
 * Decodes @d of @tid and gives it the stack @table maps its family to; a
 * family the table leaves alone gets the native stack, so that no decoded
 * call is ever handed back to the kernel (see sockcall_decode()).  But a
 * thread that changed its network namespace itself makes its sockets
 * there: a socket() or socketpair() whose arguments are all in registers
 * is then MAKE_KERNEL (@c->own_netns), to be handed back to the kernel.
 * Returns 0, MAKE_KERNEL, -EFAULT or -ENOSYS as sockcall_decode() does, or
 * -errno with *@note when mstack fails the call (fail closed): the
 * thread's namespace cannot be read (-ESRCH, -EACCES...), or an i386
 * socketcall() is made in a namespace of the program's own (-EPERM).
 */
int make_decide(const struct seccomp_data *d, pid_t tid, const struct table *table,
		struct sockcall *c, const char **note);

/*
 * Tells whether the thread of @c makes its sockets in a network namespace
 * of its own choosing (see tracee_own_netns()), and if so marks @c so.
 * Returns 1 (its own), 0 (its table's), or -errno with *@note.
 */
int make_own_netns(struct sockcall *c, const char **note);

/*
 * Makes @c's socket (a pair for socketpair()) in @c->stack with the
 * credentials of the thread that called, close-on-exec in the tracer,
 * into @fds.  Returns how many it made (1 or 2), or -errno with *@note
 * set when mstack itself is the reason.
 */
int make_sockets(const struct sockcall *c, int fds[2], const char **note);

#endif
