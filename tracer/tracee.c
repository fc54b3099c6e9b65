/*
 * The tracee table: an open-addressing hash on the thread id.  Only the
 * ptrace thread touches it, so it needs no lock.
 */
#include <stdlib.h>

#include "channel.h"
#include "tracee.h"

struct slot {
	pid_t tid;		/* 0 free, -1 deleted */
	struct tracee *t;
};

static struct slot *slots;
static size_t nslots, used;

static size_t hash(pid_t tid)
{
	return ((size_t)tid * 2654435761u) & (nslots - 1);
}

/* Returns the slot of @tid, or the free slot where it would go. */
static struct slot *lookup(pid_t tid)
{
	struct slot *tomb = NULL;

	for (size_t i = hash(tid);; i = (i + 1) & (nslots - 1)) {
		struct slot *s = &slots[i];

		if (s->tid == tid)
			return s;
		if (s->tid == -1 && !tomb)
			tomb = s;
		if (s->tid == 0)
			return tomb ? tomb : s;
	}
}

/* Returns 0, or -1 when out of memory. */
static int grow(void)
{
	struct slot *old = slots;
	size_t oldn = nslots;

	nslots = nslots ? nslots * 2 : 64;
	slots = calloc(nslots, sizeof(*slots));
	if (!slots) {
		slots = old;
		nslots = oldn;
		return -1;
	}
	used = 0;
	for (size_t i = 0; i < oldn; i++) {
		if (old[i].tid > 0) {
			*lookup(old[i].tid) = old[i];
			used++;
		}
	}
	free(old);
	return 0;
}

struct tracee *tracee_find(pid_t tid)
{
	struct slot *s;

	if (!nslots)
		return NULL;
	s = lookup(tid);
	return s->tid == tid ? s->t : NULL;
}

struct tracee *tracee_get(pid_t tid)
{
	struct tracee *t = tracee_find(tid);
	struct slot *s;

	if (t)
		return t;
	if ((used + 1) * 2 > nslots && grow() < 0)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	s = lookup(tid);
	if (s->tid == 0)
		used++;
	s->tid = tid;
	s->t = t;
	return t;
}

void tracee_forget(pid_t tid)
{
	struct slot *s;

	if (!nslots)
		return;
	s = lookup(tid);
	if (s->tid != tid)
		return;
	channel_put(s->t->channel);
	free(s->t);
	s->tid = -1;
	s->t = NULL;
}
