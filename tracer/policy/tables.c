/*
 * The table registry: a hash of the tables in use, so that a mapping that
 * exists already is shared instead of made again.  A table nothing holds
 * is freed at once: they are cheap to make again.
 *
 * Locking: @lock protects the buckets; a table's count is atomic, its
 * mapping never changes once interned.  Any thread may call: the
 * notification threads hold and put tables, the ptrace thread derives
 * them.  stacks_hold() is called with @lock held (path_stacks.c never
 * calls back here); stacks_put() after it is let go.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy/path_stacks.h"
#include "policy/tables.h"

#define BUCKETS 256

static struct table *bucket[BUCKETS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Returns the hash bucket of the mapping @stack. */
static struct table **bucket_of(struct stack *const stack[FAMILY_LIMIT])
{
	uint64_t h = 0;

	for (int f = 1; f < FAMILY_LIMIT; f++)
		h = (h ^ (uintptr_t)stack[f]) * 0x100000001b3ULL;
	return &bucket[(h >> 32) % BUCKETS];
}

/* Takes a reference to @t unless its last one is gone (it is being freed). */
static bool hold_unless_freed(struct table *t)
{
	int refs = __atomic_load_n(&t->refs, __ATOMIC_RELAXED);

	while (refs)
		if (__atomic_compare_exchange_n(&t->refs, &refs, refs + 1, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
	return false;
}

/*
 * Returns the table with the mapping @want, held: the existing one, or a
 * new one holding its stacks.  NULL with errno ENOMEM.
 */
static struct table *intern(const struct table *want)
{
	struct table **b, *t;

	pthread_mutex_lock(&lock);
	b = bucket_of(want->stack);
	for (t = *b; t; t = t->next)
		if (!memcmp(t->stack, want->stack, sizeof(t->stack)) && hold_unless_freed(t))
			goto out;
	t = malloc(sizeof(*t));
	if (!t) {
		errno = ENOMEM;
		goto out;
	}
	*t = *want;
	t->refs = 1;
	for (int f = 1; f < FAMILY_LIMIT; f++)
		if (t->stack[f])
			stacks_hold(t->stack[f]);
	t->next = *b;
	*b = t;
out:
	pthread_mutex_unlock(&lock);
	return t;
}

static void table_move(struct table *t, family_set families, struct stack *s)
{
	for (int f = 1; f < FAMILY_LIMIT; f++)
		if (family_in(families, f))
			t->stack[f] = s;
	t->families |= families;
}

struct table *table_session(family_set families, struct stack *s)
{
	struct table want = { .families = 0 };

	table_move(&want, families, s);
	return intern(&want);
}

struct table *table_derive(const struct table *from, int family, struct stack *s)
{
	/* The mapping only: other threads change refs and next meanwhile. */
	struct table want = { .families = from->families };

	memcpy(want.stack, from->stack, sizeof(want.stack));
	table_move(&want, family ? family_bit(family) : FAMILY_ALL, s);
	return intern(&want);
}

void table_hold(struct table *t)
{
	if (t)
		__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
}

void table_put(struct table *t)
{
	struct table **p;

	if (!t || __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL))
		return;
	pthread_mutex_lock(&lock);
	for (p = bucket_of(t->stack); *p != t; p = &(*p)->next)
		;
	*p = t->next;
	pthread_mutex_unlock(&lock);
	for (int f = 1; f < FAMILY_LIMIT; f++)
		if (t->stack[f])
			stacks_put(t->stack[f]);
	free(t);
}

bool table_on_null(const struct table *t, int family)
{
	const struct stack *s;

	for (int f = family ? family : 1; f < FAMILY_LIMIT; f++) {
		s = table_lookup(t, f);
		if (s && s->kind == STACK_NULL)
			return true;
		if (family)
			break;
	}
	return false;
}
