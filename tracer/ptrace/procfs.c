/* /proc files of traced threads: one open, one read, one close (or one stat). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptrace/procfs.h"

ssize_t procfs_read(pid_t tid, const char *name, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", tid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
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

pid_t procfs_tgid(pid_t tid)
{
	return status_field(tid, "\nTgid:");
}

pid_t procfs_parent(pid_t tid)
{
	return status_field(tid, "\nPPid:");
}

pid_t procfs_tracer(pid_t tid)
{
	return status_field(tid, "\nTracerPid:");
}

int procfs_ns(pid_t tid, const char *kind, struct procfs_ns *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", tid, kind);
	if (stat(path, &st) < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	ns->dev = st.st_dev;
	ns->ino = st.st_ino;
	return 0;
}
