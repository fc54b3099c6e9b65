/*
 * What the tracer remembers per traced thread, and per process: the default
 * table, which threads share, fork copies and exec keeps (View-OS semantics).
 */
#ifndef MSTACK_TRACEE_H
#define MSTACK_TRACEE_H

#include <stdbool.h>
#include <sys/types.h>

#include "policy/tables.h"

struct channel;
struct log_line;

struct proc {
	int refs;			/* threads */
	pid_t tgid;
	struct table *table;		/* held; NULL: unknown, its calls fail closed */
	family_set caught;		/* families its seccomp filters stop */
	ino_t userns;			/* 0 until known; see creds.c */
	bool threaded;			/* has had more than one thread */
};

struct tracee {
	pid_t tid;
	struct proc *proc;		/* NULL until its parent's event is seen */
	struct channel *channel;	/* ptrace path: where its descriptors come from */
	bool held;			/* stopped until its parent's event is seen */
	pid_t parent;			/* held process: its parent when it first stopped */
	char comm[16];			/* its last known name, for -v */
	struct log_line *watched;	/* -vv: a call waiting for its result */
};

/*
 * Every call locks; entries are freed by the ptrace thread alone, so its
 * pointers stay valid.  tracee_table() may add an entry from any thread.
 */

/*
 * Registers the first process of the session with @table, whose families
 * its filter stops. Returns 0 or -ENOMEM.
 */
int tracee_first(pid_t pid, struct table *table);

/* Returns the entry for @tid or NULL. */
struct tracee *tracee_find(pid_t tid);

/* Returns the thread group of @tid, from /proc; 0 if it has gone. */
pid_t tracee_tgid_of(pid_t tid);

/* Returns the parent process of @tid, from /proc; 0 if it has gone. */
pid_t tracee_parent_of(pid_t tid);

/* True if a known process has thread group @tgid. */
bool tracee_is_process(pid_t tgid);

/*
 * Registers @child, made by @parent (a thread of the same process if
 * @thread).  Returns the child's entry, or NULL when out of memory.
 */
struct tracee *tracee_adopt(pid_t parent, pid_t child, bool thread);

/*
 * Notes that @tid stopped before its parent's event: it waits.  @parent is
 * the parent process of a new process, 0 for a thread.  Returns 0 or -ENOMEM.
 */
int tracee_hold(pid_t tid, pid_t parent);

/*
 * Ends @tid's wait.  Unless its parent's event gave it a process, it gets
 * one of thread group @tgid with no table: its calls fail closed, and so
 * do those of its children.  Returns true if it was held.
 */
bool tracee_unhold(pid_t tid, pid_t tgid);

/*
 * Returns a held process whose parent's event can no longer come (its
 * parent died, or @exec_tgid, if not 0, made an exec), or 0 if none.
 */
pid_t tracee_orphan(pid_t exec_tgid);

/*
 * Returns the default table of @tid's process (found through its thread
 * group if @tid is new to us after an exec), held for the caller (see
 * table_put), or NULL if unknown.
 */
struct table *tracee_table(pid_t tid);

/* Returns the families the seccomp filters of @tid's process stop (0: unknown). */
family_set tracee_caught(pid_t tid);

/* Gives @tid's process @table, its filters now stopping @caught. */
void tracee_set_table(pid_t tid, struct table *table, family_set caught);

/*
 * For -v: returns @tid's thread group (or @tid if unknown).  @comm is the
 * name just read from /proc if @fresh (it is kept for later), else it
 * receives the last name kept.
 */
pid_t tracee_describe(pid_t tid, char comm[16], bool fresh);

/* True if @tid's process has had threads (or is unknown). */
bool tracee_threaded(pid_t tid);

/* Returns the user namespace cached for @tid's process, 0 if unknown. */
ino_t tracee_userns(pid_t tid);

/* Caches @userns (0: forget it, it may change) for @tid's process. */
void tracee_set_userns(pid_t tid, ino_t userns);

/* Forgets @tid (it has exited). */
void tracee_forget(pid_t tid);

#endif
