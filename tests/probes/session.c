/*
 * Finding the tracer of the session a program runs in, where it is not
 * the program's TracerPid (mstack holds no process): the one process
 * whose command line is $MSTACK's ending with the program's own, that
 * holds a seccomp listener, and whose MSTACK_TEST_SESSION, if the
 * program has one, is the program's.  Used by the test probes and the
 * benchmark workloads.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"

/* Reads /proc/@pid/cmdline into @buf (of @len); returns its length, -1 if gone. */
static ssize_t read_cmdline(const char *pid, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len);
	close(fd);
	return n;
}

/* Returns whether process @pid has a seccomp listener open. */
static int holds_listener(const char *pid)
{
	char path[PATH_MAX], link[64];
	struct dirent *e;
	int found = 0;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	d = opendir(path);
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, e->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			continue;
		link[n] = '\0';
		found = !strcmp(link, "anon_inode:seccomp notify");
	}
	closedir(d);
	return found;
}

/*
 * Returns whether command line @cmd (@n bytes) is mstack's (@ms, @msn
 * bytes with its NUL) ending with ours (@own, @ownn bytes).
 */
static int session_cmdline(const char *cmd, ssize_t n, const char *ms,
			   size_t msn, const char *own, ssize_t ownn)
{
	if (n < (ssize_t)msn + ownn || memcmp(cmd, ms, msn))
		return 0;
	return cmd[n - ownn - 1] == '\0' && !memcmp(cmd + n - ownn, own, ownn);
}

/*
 * Returns whether process @pid's environment has ours of
 * MSTACK_TEST_SESSION (tests/lib.sh sets one per test run), or there is
 * none: the same command in a test run in parallel is another session.
 */
static int same_test(const char *pid)
{
	static char env[65536];
	const char *tag = getenv("MSTACK_TEST_SESSION");
	char path[PATH_MAX], want[128];
	size_t wantn;
	ssize_t n;
	int fd;

	if (!tag)
		return 1;
	wantn = (size_t)snprintf(want, sizeof(want), "MSTACK_TEST_SESSION=%s", tag) + 1;
	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, env, sizeof(env));
	close(fd);
	for (ssize_t i = 0; i >= 0 && i + (ssize_t)wantn <= n;) {
		if (!memcmp(env + i, want, wantn))
			return 1;
		i += (ssize_t)strnlen(env + i, (size_t)(n - i)) + 1;
	}
	return 0;
}

/*
 * Returns the one process of this session whose command line is $MSTACK's
 * ending with ours (@own, @ownn bytes) that holds a seccomp listener, 0 if
 * none, -1 if more than one (or /proc cannot be read).
 */
static pid_t scan_tracer(const char *ms, const char *own, ssize_t ownn)
{
	static char cmd[8192];
	pid_t found = 0, self = getpid();
	struct dirent *e;
	ssize_t n;
	DIR *d;

	d = opendir("/proc");
	if (!d)
		return -1;
	while (found >= 0 && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    atol(e->d_name) == self)
			continue;
		n = read_cmdline(e->d_name, cmd, sizeof(cmd));
		if (!session_cmdline(cmd, n, ms, strlen(ms) + 1, own, ownn) ||
		    !holds_listener(e->d_name) || !same_test(e->d_name))
			continue;
		found = found ? -1 : (pid_t)atol(e->d_name);
	}
	closedir(d);
	return found;
}

pid_t session_tracer_find(void)
{
	static char own[4096];
	const char *ms = getenv("MSTACK");
	ssize_t ownn;

	if (!ms || !*ms)
		return -1;
	ownn = read_cmdline("self", own, sizeof(own));
	if (ownn <= 0 || ownn == (ssize_t)sizeof(own))
		return -1;
	return scan_tracer(ms, own, ownn);
}
