/*
 * A map from thread (or process) id to a pointer, for the modules that
 * keep something per traced thread.  Not locked: the module that owns a
 * map locks it when more than one thread uses it.
 */
#ifndef MSTACK_TIDMAP_H
#define MSTACK_TIDMAP_H

#include <stddef.h>
#include <sys/types.h>

struct tidmap_slot {
	pid_t tid;		/* 0 free, -1 deleted */
	void *value;
};

struct tidmap {
	struct tidmap_slot *slots;
	size_t size, used;	/* used: slots not free, deleted ones included */
};

#define TIDMAP_INIT { NULL, 0, 0 }

/* Returns the value of @tid, or NULL. */
void *tidmap_get(const struct tidmap *m, pid_t tid);

/* Sets @tid's value to @value (not NULL). Returns 0 or -ENOMEM. */
int tidmap_set(struct tidmap *m, pid_t tid, void *value);

/* Removes @tid; returns its value (for the caller to free), or NULL. */
void *tidmap_take(struct tidmap *m, pid_t tid);

/*
 * Walks the map: returns the value of the first entry at *@pos or after,
 * its id in *@tid, and moves *@pos past it; NULL at the end.  Start with
 * *@pos = 0; the map must not change meanwhile.
 */
void *tidmap_next(const struct tidmap *m, size_t *pos, pid_t *tid);

#endif
