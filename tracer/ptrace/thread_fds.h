/*
 * Handles on the program threads a serving thread met last: descriptors
 * that name a thread, not its number, so that what was learnt through
 * them cannot be mistaken for another thread's that has the number now.
 */
#ifndef MSTACK_THREAD_FDS_H
#define MSTACK_THREAD_FDS_H

#include <stdint.h>
#include <sys/types.h>

#include "ptrace/procfs.h"

/* How many program threads a serving thread keeps handles on: see thread_fds_size(). */
#define THREAD_FDS_SLOTS_MIN 16
#define THREAD_FDS_SLOTS_MAX 256

struct thread_fds {
	pid_t tid;		/* 0: none */
	int dir;		/* /proc/TID, O_PATH */
	int pidfd;		/* the thread's pidfd; -1 before Linux 6.9 (PIDFD_THREAD) */
	unsigned long serial;	/* new at each opening: earlier learning is void */
};

/* What the kernel tells of a thread through its pidfd (PIDFD_GET_INFO). */
struct thread_ids {
	pid_t tgid;
	uid_t uid[4];		/* real, effective, saved, filesystem */
	gid_t gid[4];
	uint64_t cgroupid;	/* its cgroup v2 */
};

/*
 * Lets each serving thread keep handles on @slots program threads (two
 * descriptors each), within THREAD_FDS_SLOTS_MIN and _MAX; call it
 * before any thread has handles.
 */
void thread_fds_size(unsigned int slots);

/*
 * Returns the calling thread's handles on @tid, opened if it had none,
 * or NULL with errno (ESRCH: no such thread).  Valid until the calling
 * thread's next call here.
 */
struct thread_fds *thread_fds_get(pid_t tid);

/*
 * Closes the calling thread's handles and frees their slots: before its
 * descriptors are closed wholesale, whose numbers the handles would
 * otherwise name afterwards, and before it ends.
 */
void thread_fds_drop_all(void);

/* Returns the slot of @h, from 0 to below what thread_fds_size() took. */
int thread_fds_slot(const struct thread_fds *h);

/*
 * Reads the ids, thread group and cgroup of @tid through its pidfd into
 * @ids.  Returns 0, -ENOTTY when the kernel cannot tell (before Linux
 * 6.13: PIDFD_GET_INFO), or -errno (-ESRCH: no such thread).
 */
int thread_fds_ids(pid_t tid, struct thread_ids *ids);

/*
 * Reads which namespace of @kind ("net", "user") @tid is in now into
 * @ns.  Returns 0 or -errno (-ESRCH: no such thread).
 */
int thread_fds_ns(pid_t tid, const char *kind, struct procfs_ns *ns);

/*
 * Opens @tid's /proc file @name for reading.  Returns the descriptor, or
 * -errno (-ESRCH: no such thread).
 */
int thread_fds_open(pid_t tid, const char *name);

#endif
