/* Reading what /proc says about a traced thread. */
#ifndef MSTACK_PROCFS_H
#define MSTACK_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Reads /proc/@tid/@name into @buf (NUL-terminated, at most @len - 1 bytes).
 * Returns the length read, or -errno (-ESRCH once the thread is gone).
 */
ssize_t procfs_read(pid_t tid, const char *name, char *buf, size_t len);

/* Returns the thread group of @tid; 0 if it has gone. */
pid_t procfs_tgid(pid_t tid);

/* Returns the parent process of @tid; 0 if it has gone. */
pid_t procfs_parent(pid_t tid);

/* Returns the thread that traces @tid; 0 if none, or if it has gone. */
pid_t procfs_tracer(pid_t tid);

/* A namespace, as the kernel names it: the nsfs device and inode. */
struct procfs_ns {
	dev_t dev;
	ino_t ino;
};

/*
 * Reads which namespace of @kind ("net", "pid"...) thread @tid is in now
 * (/proc/@tid/ns/@kind, which wants ptrace read access to it) into @ns.
 * Returns 0 or -errno (-ESRCH once the thread is gone).
 */
int procfs_ns(pid_t tid, const char *kind, struct procfs_ns *ns);

/* Reads which network namespace @tid is in now. Returns 0 or -errno. */
static inline int procfs_netns(pid_t tid, struct procfs_ns *ns)
{
	return procfs_ns(tid, "net", ns);
}

/* True if @a and @b are the same namespace. */
static inline bool procfs_ns_same(const struct procfs_ns *a, const struct procfs_ns *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

#endif
