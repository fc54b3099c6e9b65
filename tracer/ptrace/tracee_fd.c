/*
 * pidfd_getfd() from the tracer's side needs only ptrace access, which a
 * tracer has to every tracee whatever its uid.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ptrace/tracee_fd.h"

/* Returns a pidfd for @tid's descriptor table, or -errno. */
static int pidfd_of(pid_t tid)
{
	/* PIDFD_THREAD (Linux 6.9) reaches a thread with a table of its own. */
	int fd = (int)syscall(SYS_pidfd_open, tid, O_EXCL);

	if (fd < 0 && errno == EINVAL)
		fd = (int)syscall(SYS_pidfd_open, tid, 0);
	return fd < 0 ? -errno : fd;
}

int tracee_fd_fetch(pid_t tid, int fd)
{
	int pidfd = pidfd_of(tid), copy;

	if (pidfd < 0)
		return pidfd;
	copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);	/* always FD_CLOEXEC */
	copy = copy < 0 ? -errno : copy;
	close(pidfd);
	return copy;
}
