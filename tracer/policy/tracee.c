/*
 * The tracee registry: a map from thread id to entry, each entry pointing
 * to its process.  A process holds its table; a caller of tracee_table()
 * holds it too until it puts it back.
 *
 * A table holds for the network namespace it was set in: the one mstack
 * started in, or the caller's at a change of defaults.  A thread that
 * leaves it itself (unshare(), setns(), clone() with CLONE_NEWNET) makes
 * its sockets natively in the namespace it chose.  Reading a thread's
 * namespace costs a readlink() in /proc (a microsecond or two), so it is read
 * only for threads that may have moved: those that stopped at unshare()
 * or setns() (the filter always stops them), and new threads and
 * processes found elsewhere than their parent's table namespace, or
 * whose parent may have moved.  Marking too many only costs time.
 *
 * Locking: @lock protects the map, every entry and every process.  Every
 * function here takes it, so any thread may call them: the ptrace thread
 * makes every change but tracee_table()'s, notification threads call
 * tracee_table(), which may add an entry.  Nothing here calls out with
 * the lock held but table_hold() and table_put() of tables.c, which never
 * call back.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "policy/tracee.h"
#include "ptrace/procfs.h"
#include "ptrace/thread_fds.h"
#include "ptrace/tidmap.h"

struct proc {
	int refs;			/* threads */
	pid_t tgid;
	struct table *table;		/* held; NULL: unknown, its calls fail closed */
	family_set caught;		/* families its seccomp filters stop */
	struct procfs_ns netns;		/* the network namespace of its table */
};

struct tracee {
	pid_t tid;
	struct proc *proc;		/* NULL until its parent's event is seen */
	bool held;			/* stopped until its parent's event is seen */
	pid_t parent;			/* held process: its parent when it first stopped */
	bool may_move;			/* may have changed its network namespace */
};

static struct tidmap map = TIDMAP_INIT;
static size_t held_procs;	/* held entries of new processes */
static size_t entries;		/* in @map */
/* Set once before any other thread starts (tracee_unheld()); then read-only. */
static struct table *unknown_table;	/* held; NULL: unknown threads fail closed */
static struct procfs_ns unknown_netns;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Returns the entry of @tid or NULL. Locked. */
static struct tracee *find(pid_t tid)
{
	return tidmap_get(&map, tid);
}

/* Returns the entry for @tid, creating it; NULL when out of memory. Locked. */
static struct tracee *get(pid_t tid)
{
	struct tracee *t = find(tid);

	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	if (tidmap_set(&map, tid, t) < 0) {
		free(t);
		return NULL;
	}
	entries++;
	return t;
}

/* Returns a new process holding @table set for @netns (may be NULL), or NULL. */
static struct proc *proc_new(pid_t tgid, struct table *table, family_set caught,
			     const struct procfs_ns *netns)
{
	struct proc *p = calloc(1, sizeof(*p));

	if (p) {
		p->refs = 1;
		p->tgid = tgid;
		p->table = table;
		p->caught = caught;
		if (netns)
			p->netns = *netns;
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

/* Returns a known process of thread group @tgid, or NULL. Locked. */
static struct proc *process(pid_t tgid)
{
	struct tracee *t;
	size_t pos = 0;
	pid_t tid;

	while ((t = tidmap_next(&map, &pos, &tid)))
		if (t->proc && t->proc->tgid == tgid)
			return t->proc;
	return NULL;
}

/*
 * A thread that exec'd takes over its leader's id; when the leader's entry
 * is gone before the exec event re-keys it, give @tid the process of any
 * known thread of @tgid.  Returns its entry, or NULL.  Locked.
 */
static struct tracee *adopt_by_tgid(pid_t tid, pid_t tgid)
{
	struct proc *p = process(tgid);
	struct tracee *t;

	if (!p)
		return NULL;
	t = get(tid);
	if (!t)
		return NULL;
	proc_put(t->proc);
	t->proc = p;
	p->refs++;
	t->may_move = true;	/* it may have been a thread that moved */
	return t;
}

int tracee_first(pid_t pid, struct table *table)
{
	struct procfs_ns netns;
	struct tracee *t;
	int ret = procfs_netns(pid, &netns);

	if (ret < 0)
		return ret;
	ret = -ENOMEM;
	pthread_mutex_lock(&lock);
	t = get(pid);
	if (t) {
		t->proc = proc_new(pid, table, table->families, &netns);
		if (t->proc)
			ret = 0;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

bool tracee_adopt(pid_t parent, pid_t child, bool thread)
{
	struct procfs_ns netns;
	bool known = procfs_netns(child, &netns) == 0;
	struct tracee *p, *t;

	pthread_mutex_lock(&lock);
	p = find(parent);
	t = get(child);
	if (!p || !p->proc || !t)
		goto out;
	proc_put(t->proc);	/* a reused id of a thread gone unseen */
	if (thread) {
		t->proc = p->proc;
		t->proc->refs++;
	} else {
		t->proc = proc_new(child, p->proc->table,
				   p->proc->caught, &p->proc->netns);	/* clone(CLONE_NEWUSER)? */
	}
	t->may_move = p->may_move || !known || !procfs_ns_same(&netns, &t->proc->netns);
out:
	pthread_mutex_unlock(&lock);
	return t && t->proc;
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
			t->proc = proc_new(tgid, NULL, 0, NULL);
	}
	pthread_mutex_unlock(&lock);
	return held;
}

bool tracee_is_process(pid_t tgid)
{
	bool known;

	pthread_mutex_lock(&lock);
	known = process(tgid);
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
	now = procfs_parent(t->tid);
	return now && now != t->parent;
}

pid_t tracee_orphan(pid_t exec_tgid)
{
	struct tracee *t = NULL;
	size_t pos = 0;
	pid_t tid = 0;

	pthread_mutex_lock(&lock);
	while (held_procs && (t = tidmap_next(&map, &pos, &tid)) && !orphaned(t, exec_tgid))
		;
	pthread_mutex_unlock(&lock);
	return t ? tid : 0;
}

struct table *tracee_table(pid_t tid)
{
	struct table *table = NULL;
	struct tracee *t;
	pid_t tgid;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if ((!t || (!t->proc && !t->held)) && entries) {
		pthread_mutex_unlock(&lock);
		tgid = procfs_tgid(tid);
		pthread_mutex_lock(&lock);
		t = tgid ? adopt_by_tgid(tid, tgid) : NULL;
	}
	if (t && t->proc)
		table = t->proc->table;
	else if (!t)
		table = unknown_table;
	table_hold(table);
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

void tracee_set_table(pid_t tid, struct table *table, family_set caught,
		      const struct procfs_ns *netns)
{
	struct table *old = NULL;
	struct tracee *t;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t && t->proc) {
		old = t->proc->table;
		t->proc->table = table;
		t->proc->caught = caught;
		t->proc->netns = *netns;
		table_hold(table);
	}
	pthread_mutex_unlock(&lock);
	if (old)
		table_put(old);
}

void tracee_netns_may_change(pid_t tid)
{
	struct tracee *t;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t)
		t->may_move = true;
	pthread_mutex_unlock(&lock);
}

int tracee_own_netns(pid_t tid)
{
	struct procfs_ns table_ns, now;
	struct tracee *t;
	bool look;
	int ret;

	pthread_mutex_lock(&lock);
	t = find(tid);
	look = t && t->proc && (t->may_move || unknown_table);
	if (look)
		table_ns = t->proc->netns;
	else if (!t && unknown_table)
		table_ns = unknown_netns, look = true;
	pthread_mutex_unlock(&lock);
	if (!look)
		return 0;
	ret = thread_fds_ns(tid, "net", &now);
	if (ret < 0)
		return ret;
	return !procfs_ns_same(&now, &table_ns);
}

pid_t tracee_process(pid_t tid)
{
	struct tracee *t;
	pid_t tgid = 0;

	pthread_mutex_lock(&lock);
	t = find(tid);
	if (t && t->proc)
		tgid = t->proc->tgid;
	pthread_mutex_unlock(&lock);
	return tgid;
}

void tracee_forget(pid_t tid)
{
	struct tracee *t;

	pthread_mutex_lock(&lock);
	t = tidmap_take(&map, tid);
	if (t) {
		entries--;
		unhold(t);
		proc_put(t->proc);
		free(t);
	}
	pthread_mutex_unlock(&lock);
}

void tracee_unheld(struct table *table, const struct procfs_ns *netns)
{
	table_hold(table);
	unknown_table = table;
	unknown_netns = *netns;
}

bool tracee_any(void)
{
	bool any;

	pthread_mutex_lock(&lock);
	any = entries > 0;
	pthread_mutex_unlock(&lock);
	return any;
}

int tracee_register(pid_t tid, pid_t tgid)
{
	struct tracee *t;
	struct proc *p;
	int ret = -ENOMEM;

	pthread_mutex_lock(&lock);
	p = process(tgid);
	t = get(tid);
	if (!t)
		goto out;
	if (p) {
		p->refs++;
	} else {
		p = proc_new(tgid, unknown_table, unknown_table ? unknown_table->families : 0,
			     &unknown_netns);
		if (!p)
			goto out;
	}
	proc_put(t->proc);	/* a reused id of a thread gone unseen */
	t->proc = p;
	ret = 0;
out:
	pthread_mutex_unlock(&lock);
	return ret;
}

size_t tracee_threads(pid_t tgid, pid_t *tids, size_t max)
{
	struct tracee *t;
	size_t pos = 0, n = 0;
	pid_t tid;

	pthread_mutex_lock(&lock);
	while ((t = tidmap_next(&map, &pos, &tid))) {
		if (!t->proc || t->proc->tgid != tgid)
			continue;
		if (n < max)
			tids[n] = tid;
		n++;
	}
	pthread_mutex_unlock(&lock);
	return n;
}

family_set tracee_differs(pid_t tgid)
{
	family_set differ = 0;
	struct proc *p;

	pthread_mutex_lock(&lock);
	p = process(tgid);
	if (p && !p->table)
		differ = ~(family_set)0;	/* unknown: every family */
	for (int f = 1; p && p->table && unknown_table && f < FAMILY_LIMIT; f++)
		if (table_lookup(p->table, f) != table_lookup(unknown_table, f))
			differ |= (family_set)1 << f;
	pthread_mutex_unlock(&lock);
	return differ;
}
