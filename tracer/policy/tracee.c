/*
 * The tracee table: an open-addressing hash on the thread id.  The ptrace
 * thread changes it under the lock; notification threads read tables under
 * the lock.  A process holds its table; a caller of tracee_table() holds
 * it too until it puts it back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <stdlib.h>

#include "ptrace/channel.h"
#include "ptrace/procfs.h"
#include "policy/tracee.h"

struct slot {
	pid_t tid;		/* 0 free, -1 deleted */
	struct tracee *t;
};

static struct slot *slots;
static size_t nslots, used;
static size_t held_procs;	/* held entries of new processes */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

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

/* Returns the number on line @field of /proc/@tid/status; 0 if it has gone. */
static pid_t status_field(pid_t tid, const char *field)
{
	char buf[256], *p;

	if (procfs_read(tid, "status", buf, sizeof(buf)) <= 0)
		return 0;
	p = strstr(buf, field);
	return p ? (pid_t)strtol(p + strlen(field), NULL, 10) : 0;
}

pid_t tracee_tgid_of(pid_t tid)
{
	return status_field(tid, "\nTgid:");
}

pid_t tracee_parent_of(pid_t tid)
{
	return status_field(tid, "\nPPid:");
}

/* Returns the entry of @tid or NULL. Locked. */
static struct tracee *find(pid_t tid)
{
	struct slot *s;

	if (!nslots)
		return NULL;
	s = lookup(tid);
	return s->tid == tid ? s->t : NULL;
}

struct tracee *tracee_find(pid_t tid)
{
	struct tracee *t;

	pthread_mutex_lock(&lock);
	t = find(tid);
	pthread_mutex_unlock(&lock);
	return t;
}

/* Returns the entry for @tid, creating it; NULL when out of memory. Locked. */
static struct tracee *get(pid_t tid)
{
	struct tracee *t = find(tid);
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

static struct proc *proc_new(pid_t tgid, struct table *table, family_set caught)
{
	struct proc *p = calloc(1, sizeof(*p));

	if (p) {
		p->refs = 1;
		p->tgid = tgid;
		p->table = table;
		p->caught = caught;
		table_hold(table);
	}
	return p;
}

static void proc_put(struct proc *p)
{
	if (p && --p->refs == 0) {
		table_put(p->table);
		free(p);
	}
}

/*
 * A thread that exec'd takes over its leader's id; when the leader's entry
 * is gone before the exec event re-keys it, give @tid the process of any
 * known thread of @tgid.  Returns its entry, or NULL.  Locked.
 */
static struct tracee *adopt_by_tgid(pid_t tid, pid_t tgid)
{
	struct proc *p = NULL;
	struct tracee *t;

	for (size_t i = 0; i < nslots && !p; i++)
		if (slots[i].tid > 0 && slots[i].t->proc && slots[i].t->proc->tgid == tgid)
			p = slots[i].t->proc;
	if (!p)
		return NULL;
	t = get(tid);
	if (!t)
		return NULL;
	proc_put(t->proc);
	t->proc = p;
	p->refs++;
	return t;
}

int tracee_first(pid_t pid, struct table *table)
{
	struct tracee *t;
	int ret = -ENOMEM;

	pthread_mutex_lock(&lock);
	t = get(pid);
	if (t) {
		t->proc = proc_new(pid, table, table->families);
		if (t->proc)
			ret = 0;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

struct tracee *tracee_adopt(pid_t parent, pid_t child, bool thread)
{
	struct tracee *p, *t;

	pthread_mutex_lock(&lock);
	p = find(parent);
	t = get(child);
	if (!p || !p->proc || !t)
		goto out;
	proc_put(t->proc);	/* a reused id of a thread gone unseen */
	channel_put(t->channel);
	if (thread) {
		t->proc = p->proc;
		t->proc->refs++;
		t->proc->threaded = true;
	} else {
		t->proc = proc_new(child, p->proc->table,
				   p->proc->caught);	/* clone(CLONE_NEWUSER)? */
	}
	t->channel = channel_ref(p->channel);
	memcpy(t->comm, p->comm, sizeof(t->comm));
out:
	pthread_mutex_unlock(&lock);
	return t && t->proc ? t : NULL;
}

/* Ends the wait of held @t. Locked. */
static void unhold(struct tracee *t)
{
	if (t->held && t->parent)
		held_procs--;
	t->held = false;
	t->parent = 0;
}

int tracee_hold(pid_t tid, pid_t parent)
{
	struct tracee *t;

	pthread_mutex_lock(&lock);
	t = get(tid);
	if (t && !t->held) {
		t->held = true;
		t->parent = parent;
		held_procs += parent != 0;
	}
	pthread_mutex_unlock(&lock);
	return t ? 0 : -ENOMEM;
}

bool tracee_unhold(pid_t tid, pid_t tgid)
{
	struct tracee *t;
	bool held = false;

	pthread_mutex_lock(&lock);
	t = get(tid);
	if (t) {
		held = t->held;
		unhold(t);
		if (!t->proc)
			t->proc = proc_new(tgid, NULL, 0);
	}
	pthread_mutex_unlock(&lock);
	return held;
}

bool tracee_is_process(pid_t tgid)
{
	bool known = false;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nslots && !known; i++)
		known = slots[i].tid > 0 && slots[i].t->proc && slots[i].t->proc->tgid == tgid;
	pthread_mutex_unlock(&lock);
	return known;
}

/*
 * True if no fork event can come any more for held process @t: the
 * process that was its parent when it first stopped is gone (the kernel
 * gave @t another parent before telling us of the death), or made an exec
 * (@exec_tgid: every other thread of it is dead).  Locked.
 */
static bool orphaned(const struct tracee *t, pid_t exec_tgid)
{
	pid_t now;

	if (!t->held || !t->parent)
		return false;
	if (t->parent == exec_tgid)
		return true;
	now = tracee_parent_of(t->tid);
	return now && now != t->parent;
}

pid_t tracee_orphan(pid_t exec_tgid)
{
	pid_t tid = 0;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nslots && held_procs && !tid; i++)
		if (slots[i].tid > 0 && orphaned(slots[i].t, exec_tgid))
			tid = slots[i].tid;
	pthread_mutex_unlock(&lock);
	return tid;
}

struct table *tracee_table(pid_t tid)
{
	struct table *table = NULL;
	struct tracee *t;
	pid_t tgid;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (!t || (!t->proc && !t->held)) {
		pthread_mutex_unlock(&lock);
		tgid = tracee_tgid_of(tid);
		pthread_mutex_lock(&lock);
		t = tgid ? adopt_by_tgid(tid, tgid) : NULL;
	}
	if (t && t->proc) {
		table = t->proc->table;
		table_hold(table);
	}
	pthread_mutex_unlock(&lock);
	return table;
}

family_set tracee_caught(pid_t tid)
{
	struct tracee *t;
	family_set caught = 0;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t && t->proc)
		caught = t->proc->caught;
	pthread_mutex_unlock(&lock);
	return caught;
}

void tracee_set_table(pid_t tid, struct table *table, family_set caught)
{
	struct table *old = NULL;
	struct tracee *t;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t && t->proc) {
		old = t->proc->table;
		t->proc->table = table;
		t->proc->caught = caught;
		table_hold(table);
	}
	pthread_mutex_unlock(&lock);
	if (old)
		table_put(old);
}

pid_t tracee_describe(pid_t tid, char comm[16], bool fresh)
{
	struct tracee *t;
	pid_t tgid = tid;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t) {
		if (t->proc)
			tgid = t->proc->tgid;
		if (fresh)
			memcpy(t->comm, comm, sizeof(t->comm));
		else if (t->comm[0])
			memcpy(comm, t->comm, sizeof(t->comm));
	}
	pthread_mutex_unlock(&lock);
	return tgid;
}

bool tracee_threaded(pid_t tid)
{
	struct tracee *t;
	bool threaded = true;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t && t->proc)
		threaded = t->proc->threaded;
	pthread_mutex_unlock(&lock);
	return threaded;
}

ino_t tracee_userns(pid_t tid)
{
	struct tracee *t;
	ino_t userns = 0;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t && t->proc)
		userns = t->proc->userns;
	pthread_mutex_unlock(&lock);
	return userns;
}

void tracee_set_userns(pid_t tid, ino_t userns)
{
	struct tracee *t;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t && t->proc)
		t->proc->userns = userns;
	pthread_mutex_unlock(&lock);
}

void tracee_forget(pid_t tid)
{
	struct slot *s;

	pthread_mutex_lock(&lock);
	if (!nslots)
		goto out;
	s = lookup(tid);
	if (s->tid != tid)
		goto out;
	unhold(s->t);
	channel_put(s->t->channel);
	proc_put(s->t->proc);
	free(s->t->watched);
	free(s->t);
	s->tid = -1;
	s->t = NULL;
out:
	pthread_mutex_unlock(&lock);
}
