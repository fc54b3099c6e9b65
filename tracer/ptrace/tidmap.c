/* Open addressing on the id, with tombstones; the table doubles at half full. */
#include <errno.h>
#include <stdlib.h>

#include "ptrace/tidmap.h"

static size_t hash(const struct tidmap *m, pid_t tid)
{
	return ((size_t)tid * 2654435761u) & (m->size - 1);
}

/* Returns the slot of @tid, or the free slot where it would go. */
static struct tidmap_slot *lookup(const struct tidmap *m, pid_t tid)
{
	struct tidmap_slot *tomb = NULL;

	for (size_t i = hash(m, tid);; i = (i + 1) & (m->size - 1)) {
		struct tidmap_slot *s = &m->slots[i];

		if (s->tid == tid)
			return s;
		if (s->tid == -1 && !tomb)
			tomb = s;
		if (s->tid == 0)
			return tomb ? tomb : s;
	}
}

/* Returns 0, or -ENOMEM with @m unchanged. */
static int grow(struct tidmap *m)
{
	struct tidmap old = *m;

	m->size = old.size ? old.size * 2 : 64;
	m->slots = calloc(m->size, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		return -ENOMEM;
	}
	m->used = 0;
	for (size_t i = 0; i < old.size; i++) {
		if (old.slots[i].tid > 0) {
			*lookup(m, old.slots[i].tid) = old.slots[i];
			m->used++;
		}
	}
	free(old.slots);
	return 0;
}

void *tidmap_get(const struct tidmap *m, pid_t tid)
{
	const struct tidmap_slot *s;

	if (!m->size)
		return NULL;
	s = lookup(m, tid);
	return s->tid == tid ? s->value : NULL;
}

int tidmap_set(struct tidmap *m, pid_t tid, void *value)
{
	struct tidmap_slot *s;

	if (m->size && (s = lookup(m, tid))->tid == tid) {
		s->value = value;
		return 0;
	}
	if ((m->used + 1) * 2 > m->size && grow(m) < 0)
		return -ENOMEM;
	s = lookup(m, tid);
	if (s->tid == 0)
		m->used++;
	s->tid = tid;
	s->value = value;
	return 0;
}

void *tidmap_take(struct tidmap *m, pid_t tid)
{
	struct tidmap_slot *s;
	void *value;

	if (!m->size)
		return NULL;
	s = lookup(m, tid);
	if (s->tid != tid)
		return NULL;
	value = s->value;
	s->tid = -1;
	s->value = NULL;
	return value;
}

void *tidmap_next(const struct tidmap *m, size_t *pos, pid_t *tid)
{
	while (*pos < m->size) {
		const struct tidmap_slot *s = &m->slots[(*pos)++];

		if (s->tid > 0) {
			*tid = s->tid;
			return s->value;
		}
	}
	return NULL;
}
