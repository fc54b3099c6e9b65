/* Changing a process's default table: msocket(path, domain, SOCK_DEFAULT, 0). */
#ifndef MSTACK_DEFAULTS_H
#define MSTACK_DEFAULTS_H

#include "ptrace/inject.h"
#include "net/stack.h"
#include "policy/tables.h"

/*
 * Gives the process of @ij's thread the table @from with @family (0: all)
 * moved to @s, stacking a filter on it if it moves a family the process's
 * filters do not stop yet.  Children made from now on inherit it, exec
 * keeps it, the parent and siblings never see it.  It holds for the
 * network namespace the thread is in (see tracee_own_netns()).
 * Returns 0, or -errno with *@why (ENOMEM: out of memory, or the kernel's
 * limit on filters reached).
 */
int defaults_set(struct inject *ij, const struct table *from, int family, struct stack *s,
		 const char **why);

/*
 * Makes every socket call of @families in the process of @ij's thread,
 * and in what it starts from now on, fail with @err: for a process whose
 * defaults the tracer can no longer follow.  Returns 0 or -errno.
 */
int defaults_deny(struct inject *ij, family_set families, int err);

#endif
