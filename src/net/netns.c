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

#include "net/netns.h"

int netns_from_path_fd(int pfd)
{
	char proc[64];
	struct statfs fs;
	int fd;

	if (fstatfs(pfd, &fs) < 0)
		return -1;
	if (fs.f_type != NSFS_MAGIC) {
		errno = ENOTSUP;
		return -1;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
		close(fd);
		errno = ENOTSUP;
		return -1;
	}
	return fd;
}

int netns_open(const char *path)
{
	int pfd = open(path, O_PATH | O_CLOEXEC), fd, err;

	if (pfd < 0)
		return -1;
	fd = netns_from_path_fd(pfd);
	err = errno;
	close(pfd);
	errno = err;
	return fd;
}
