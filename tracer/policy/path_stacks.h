/* Stacks named by programs (msocket paths), as the program sees its files. */
#ifndef MSTACK_STACKS_H
#define MSTACK_STACKS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ptrace/inject.h"
#include "net/stack.h"

/*
 * Names the session's stacks: @primary (the command line's STACK) and
 * @native (where mstack started).  Called once, before any other thread
 * starts.
 */
void stacks_init(struct stack *primary, struct stack *native);

/* Returns the stack mstack started in. */
struct stack *stacks_native(void);

/*
 * Returns the stack named by the program's string at @addr (read by the
 * tracer as @path): /dev/net/null, /dev/net/native, or a network namespace
 * file, which the program itself opens, so its root, working directory,
 * mount namespace, credentials and security module decide.  The stack
 * comes with a reference the caller gives back with stacks_put(); while
 * held, the same namespace always yields the same stack (one for its
 * socket files if it is mounted, one for its namespace files).
 * A namespace the tracer may not enter itself is served by a helper
 * process (see policy/served.h) when the program owns it.  A socket
 * file is a mounted stack (net/mounted.h), connected to with the
 * program's credentials.
 * Returns NULL with *@err = the program's own open or connect error
 * (-ENOENT, -EACCES, -ECONNREFUSED for a stale mounted stack...), -ENOTSUP (not a stack), -EPERM (not the program's, with
 * the reason in *@note), ... on failure.
 */
struct stack *stacks_resolve(struct inject *ij, uint64_t addr, const char *path, int *err,
			     const char **note);

/*
 * Returns 0 if the program of @tid may use @s, @on_null if its table puts
 * the families it asks for on the null stack (see table_on_null()), or
 * -EPERM (-errno if that cannot be told) with the reason in *@why: mstack
 * never grants a stack the program could not enter itself (see
 * man/msocket.3, PERMISSIONS), but for a mounted stack, whose socket
 * file the program could connect to.
 */
int stacks_permit(pid_t tid, bool on_null, const struct stack *s, const char **why);

/* Takes one more reference to @s, which the caller holds. */
void stacks_hold(struct stack *s);

/*
 * Gives back a reference to @s.  A stack nothing holds stays known for
 * reuse until more recently used ones push it out; then it is released.
 */
void stacks_put(struct stack *s);

#endif
