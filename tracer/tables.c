/* The table registry.  Tables live as long as the tracer: they are few. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "tables.h"

static struct table *tables[TABLE_MAX];
static unsigned int ntables;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Returns a new zeroed table with the next id, or NULL with errno. */
static struct table *table_new(void)
{
	struct table *t = NULL;

	pthread_mutex_lock(&lock);
	if (ntables >= TABLE_MAX) {
		errno = ENOSPC;
		goto out;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		goto out;
	t->id = (uint16_t)ntables;
	tables[ntables++] = t;
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
	struct table *t = table_new();

	if (t)
		table_move(t, families, s);
	return t;
}

struct table *table_get(unsigned int id)
{
	struct table *t = NULL;

	pthread_mutex_lock(&lock);
	if (id < ntables)
		t = tables[id];
	pthread_mutex_unlock(&lock);
	return t;
}

struct table *table_derive(const struct table *from, int family, struct stack *s)
{
	struct table *t = table_new();
	uint16_t id;

	if (!t)
		return NULL;
	id = t->id;
	*t = *from;
	t->id = id;
	table_move(t, family ? family_bit(family) : FAMILY_ALL, s);
	return t;
}
