/*
 * A network namespace is a file: /run/netns/NAME is a bind mount of one,
 * /proc/PID/ns/net another view.  Checked as nsfs (fstatfs) holding a
 * CLONE_NEWNET namespace (NS_GET_NSTYPE).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "netns.h"

/* O_PATH first, so that a FIFO or a device is never opened for real. */
int netns_open(const char *path)
{
	char proc[64];
	struct statfs fs;
	int pfd, fd = -1;

	pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -1;
	if (fstatfs(pfd, &fs) < 0)
		goto out;
	if (fs.f_type != NSFS_MAGIC) {
		errno = ENOTSUP;
		goto out;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto out;
	if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
		close(fd);
		fd = -1;
		errno = ENOTSUP;
	}
out:
	if (fd < 0) {
		int err = errno;

		close(pfd);
		errno = err;
		return -1;
	}
	close(pfd);
	return fd;
}
