/* Stacks named by programs (msocket paths), as the program sees its files. */
#ifndef MSTACK_STACKS_H
#define MSTACK_STACKS_H

#include <sys/types.h>

#include "stack.h"

/*
 * Returns the stack at @path relative to @tid's root and working directory:
 * /dev/net/null, /dev/net/native, or a network namespace file.  The same
 * namespace always yields the same stack (and resident thread).
 * Returns NULL with *@err = -ENOENT, -ENOTSUP (not a stack), ... on failure.
 */
struct stack *stacks_resolve(pid_t tid, const char *path, int *err);

#endif
