/* Stacks named by programs (msocket paths), as the program sees its files. */
#ifndef MSTACK_STACKS_H
#define MSTACK_STACKS_H

#include <sys/types.h>

#include "stack.h"

/*
 * Returns the stack at @path relative to @tid's root and working directory:
 * /dev/net/null, /dev/net/native, or a network namespace file, with a
 * reference the caller gives back with stacks_put().  While held, the same
 * namespace always yields the same stack.
 * Returns NULL with *@err = -ENOENT, -ENOTSUP (not a stack), ... on failure.
 */
struct stack *stacks_resolve(pid_t tid, const char *path, int *err);

/* Takes one more reference to @s, which the caller holds. */
void stacks_hold(struct stack *s);

/*
 * Gives back a reference to @s.  A stack nothing holds stays known for
 * reuse until more recently used ones push it out; then it is released.
 */
void stacks_put(struct stack *s);

#endif
