/*
 * Default tables (View-OS semantics): family -> stack, per process, shared
 * copy-on-write with children, kept across exec.  Processes with the same
 * mapping share one table, which lives while a process (or a call in
 * flight) holds it.  Which calls stop is the seccomp filters' business
 * (see defaults.c); a table only says where a stopped call goes.
 */
#ifndef MSTACK_TABLES_H
#define MSTACK_TABLES_H

#include <stdbool.h>
#include <stddef.h>

#include "net/families.h"
#include "net/stack.h"

struct table {
	int refs;		/* processes and calls in flight */
	family_set families;	/* the families it moves */
	struct stack *stack[FAMILY_LIMIT];
	struct table *next;	/* tables.c: same hash bucket */
};

/*
 * Returns the table that moves @families to @s (the command line's), held
 * for the caller, or NULL with errno ENOMEM.
 */
struct table *table_session(family_set families, struct stack *s);

/*
 * Returns the table @from with @family (0: every family) moved to @s, held
 * for the caller: an existing one if some process has that mapping already.
 * NULL with errno ENOMEM on failure.
 */
struct table *table_derive(const struct table *from, int family, struct stack *s);

/* Takes one more reference to @t (none for NULL), which the caller holds. */
void table_hold(struct table *t);

/* Gives back a reference to @t (nothing for NULL); the last one frees it and lets its stacks go. */
void table_put(struct table *t);

/* Returns the stack @t gives @family, or NULL to leave the call alone. */
static inline struct stack *table_lookup(const struct table *t, int family)
{
	return family > 0 && family < FAMILY_LIMIT ? t->stack[family] : NULL;
}

/* True if @t puts @family (0: any family) on the null stack. */
bool table_on_null(const struct table *t, int family);

#endif
