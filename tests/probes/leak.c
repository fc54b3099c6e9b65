/*
 * leak FAMILY [COUNT [fail]]: COUNT socket()+close() and COUNT/10
 * socketpair(AF_UNIX)+close() must leave the descriptor tables of this
 * process and of its tracer (found by session_tracer(), from $MSTACK) as
 * they were.  With "fail", the calls are expected to fail (null stack)
 * and must fail every time.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "common.h"

static int count_fds(long pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
	dir = opendir(path);
	if (!dir)
		die("%s: %s", path, strerror(errno));
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/* The tracer may still be finishing the last call: wait until its count holds. */
static int settled_count(long pid)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int i, n, last = count_fds(pid);

	for (i = 0; i < 40; i++) {
		nanosleep(&ts, NULL);
		n = count_fds(pid);
		if (n == last)
			break;
		last = n;
	}
	return last;
}

static int must_fail;

static void round_trip(int family, int n)
{
	int i, fd, sv[2];
	int type = family == AF_NETLINK ? SOCK_RAW : SOCK_STREAM;

	for (i = 0; i < n; i++) {
		fd = socket(family, type, 0);
		if ((fd < 0) != must_fail)
			die("socket #%d: %s", i, strerror(errno));
		if (fd >= 0)
			close(fd);
		if (i % 10)
			continue;
		if ((socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) != must_fail)
			die("socketpair #%d: %s", i, strerror(errno));
		if (!must_fail) {
			close(sv[0]);
			close(sv[1]);
		}
	}
}

int main(int argc, char **argv)
{
	int family, n, self0, self1, tr0, tr1;
	pid_t tracer = session_tracer();

	if (argc < 2)
		die("usage: leak FAMILY [COUNT]");
	family = family_by_name(argv[1]);
	n = argc > 2 ? atoi(argv[2]) : 10000;
	must_fail = argc > 3 && !strcmp(argv[3], "fail");

	/*
	 * Warm-up: lazy set-up is fine.  Each tracer thread that answers
	 * notifications keeps the /proc files of the threads it served last
	 * open (tracer/policy/creds.c), and which thread answers a call is
	 * the kernel's choice: enough calls that every one has served us.
	 */
	round_trip(family, 2000);
	self0 = count_fds(getpid());
	tr0 = settled_count(tracer);
	round_trip(family, n);
	self1 = count_fds(getpid());
	tr1 = settled_count(tracer);
	printf("self fds %+d\n", self1 - self0);
	printf("tracer fds %+d\n", tr1 - tr0);
	return 0;
}
