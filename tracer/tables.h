/*
 * Default tables (View-OS semantics): family -> stack, per process, shared
 * copy-on-write with children, kept across exec.  The kernel keeps that
 * sharing for us: a table is a seccomp filter, inherited exactly like one,
 * and a change of defaults stacks one more filter on the process.
 */
#ifndef MSTACK_TABLES_H
#define MSTACK_TABLES_H

#include <stdint.h>

#include "families.h"
#include "stack.h"

#define TABLE_MAX 4096

struct table {
	uint16_t id;		/* carried by the filter's ptrace stops */
	family_set families;	/* the families it moves: its filter catches them */
	struct stack *stack[FAMILY_LIMIT];
};

/* Creates table 0 from the command line. Returns it, or NULL. */
struct table *table_session(family_set families, struct stack *s);

/* Returns table @id, or NULL. */
struct table *table_get(unsigned int id);

/*
 * Returns a new table: @from with @family (0: every family) moved to @s.
 * NULL with errno (ENOSPC past TABLE_MAX) on failure.
 */
struct table *table_derive(const struct table *from, int family, struct stack *s);

/* Returns the stack @t gives @family, or NULL to leave the call alone. */
static inline struct stack *table_lookup(const struct table *t, int family)
{
	return family > 0 && family < FAMILY_LIMIT ? t->stack[family] : NULL;
}

#endif
