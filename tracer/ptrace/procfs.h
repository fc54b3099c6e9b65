/* Reading what /proc says about a traced thread. */
#ifndef MSTACK_PROCFS_H
#define MSTACK_PROCFS_H

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

#endif
