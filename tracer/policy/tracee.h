/*
 * Which threads and processes the session holds: each thread's process,
 * the default table a process holds and the families its filters catch
 * (View-OS semantics: fork copies, threads share, exec keeps), and the
 * new processes held until their parent's event is seen, and which
 * threads may have left the network namespace their table was set for
 * (see tracee_own_netns()).  What other
 * modules keep per thread they keep themselves (see events.c, which
 * tells them of new and gone threads).
 */
#ifndef MSTACK_TRACEE_H
#define MSTACK_TRACEE_H

#include <stdbool.h>
#include <sys/types.h>

#include "policy/tables.h"
#include "ptrace/procfs.h"

/*
 * Registers the first process of the session with @table, whose families
 * its filter stops, set for the network namespace it is in now (the one
 * mstack started in).  Returns 0 or -errno.
 */
int tracee_first(pid_t pid, struct table *table);

/*
 * Makes @table, set for network namespace @netns, the table of every
 * thread the registry does not know: the session then holds no process
 * from the start, and a process is known only once it is held (its
 * defaults changed: see serve/attach.c).  A thread's network namespace
 * is then read at each of its calls (see tracee_own_netns()).
 */
void tracee_unheld(struct table *table, const struct procfs_ns *netns);

/* True if the registry knows any thread. */
bool tracee_any(void);

/*
 * Registers thread @tid of process @tgid, which the session holds from
 * now on, with the table of unknown threads unless its process is known.
 * Returns 0 or -ENOMEM.
 */
int tracee_register(pid_t tid, pid_t tgid);

/*
 * Stores up to @max threads the registry knows in process @tgid in @tids.
 * Returns how many it knows (may exceed @max).
 */
size_t tracee_threads(pid_t tgid, pid_t *tids, size_t max);

/*
 * Returns the families whose stack differs in the table of process @tgid
 * from the table of unknown threads (see tracee_unheld()).
 */
family_set tracee_differs(pid_t tgid);

/* Returns the thread group of the process the session knows @tid in, 0 if none. */
pid_t tracee_process(pid_t tid);

/* True if a known process has thread group @tgid. */
bool tracee_is_process(pid_t tgid);

/*
 * Registers @child, made by @parent (a thread of the same process if
 * @thread).  Returns false if @parent's process is unknown (the child
 * runs with none) or out of memory.
 */
bool tracee_adopt(pid_t parent, pid_t child, bool thread);

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

/*
 * Gives @tid's process @table, its filters now stopping @caught, set for
 * network namespace @netns.
 */
void tracee_set_table(pid_t tid, struct table *table, family_set caught,
		      const struct procfs_ns *netns);

/*
 * Notes that @tid may be changing its network namespace itself (it stops
 * at unshare() or setns(), or took over another thread's id at an exec).
 */
void tracee_netns_may_change(pid_t tid);

/*
 * Tells whether @tid's socket calls are its own: true once @tid is in
 * another network namespace than the one its process's table was set for,
 * which only a thread that changed its namespace itself (or was made so)
 * can be; a thread that never did is not looked at.
 * Returns 1 (its own namespace), 0 (its table's), or -errno when the
 * namespace cannot be read (the call must then fail).
 */
int tracee_own_netns(pid_t tid);

/* Forgets @tid (it has exited). */
void tracee_forget(pid_t tid);

#endif
