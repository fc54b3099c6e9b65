/*
 * arg5: nothing the tracer's own calls carry may let a program's
 * socketpair() past the filter.
 *
 *   arg5 pair V...   socketpair(AF_UNIX) with sixth argument V (raw syscall);
 *                    prints "arg5=V COOKIE COOKIE"
 *   arg5 spy         one thread reads /proc/self/task/TID/syscall of another
 *                    while that one makes socketpair()s (and closes its
 *                    descriptors from 100 up, so that any descriptor the
 *                    tracer keeps there is set up again); prints
 *                    "seen: none", or, for a nonzero sixth argument of a
 *                    socketpair (53), the stacks of a pair made with it
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

/* Prints "@label COOKIE COOKIE" for a pair made with sixth argument @arg5. */
static void pair(const char *label, unsigned long arg5)
{
	char a[64], b[64];
	int sv[2] = { -1, -1 };

	if (syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0UL, arg5) < 0) {
		sock_text(-1, errno, a, sizeof(a));
		printf("%s %s\n", label, a);
		return;
	}
	sock_text(sv[0], 0, a, sizeof(a));
	sock_text(sv[1], 0, b, sizeof(b));
	printf("%s %s %s\n", label, a, b);
	close(sv[0]);
	close(sv[1]);
}

static volatile pid_t worker_tid;
static volatile int done;

/* Makes pairs with a zero sixth argument until @done. */
static void *work(void *arg)
{
	int sv[2];

	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	while (!done) {
		if (syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv, 0UL, 0UL) == 0) {
			close(sv[0]);
			close(sv[1]);
		}
		close_range(100, ~0U, 0);
	}
	return NULL;
}

/* Returns a nonzero sixth argument of a socketpair seen in @line, or 0. */
static unsigned long arg5_of(const char *line)
{
	unsigned long v[7];

	if (sscanf(line, "%lu %lx %lx %lx %lx %lx %lx", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5], &v[6]) != 7 || v[0] != SYS_socketpair)
		return 0;
	return v[6];
}

static void spy(void)
{
	char path[64], line[256];
	unsigned long seen = 0;
	pthread_t thread;
	time_t end = time(NULL) + 3;
	ssize_t n;
	int fd;

	if (pthread_create(&thread, NULL, work, NULL))
		die("pthread_create failed");
	while (!worker_tid)
		;
	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)worker_tid);
	while (!seen && time(NULL) < end) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die("%s: %s", path, strerror(errno));
		n = read(fd, line, sizeof(line) - 1);
		close(fd);
		if (n <= 0)
			continue;
		line[n] = '\0';
		seen = arg5_of(line);
	}
	done = 1;
	pthread_join(thread, NULL);
	if (!seen) {
		printf("seen: none\n");
		return;
	}
	pair("seen: a value; with it:", seen);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "spy")) {
		spy();
		return 0;
	}
	if (argc < 3 || strcmp(argv[1], "pair"))
		die("usage: arg5 spy | arg5 pair V...");
	for (int i = 2; i < argc; i++) {
		char label[64];

		snprintf(label, sizeof(label), "arg5=%s", argv[i]);
		pair(label, strtoul(argv[i], NULL, 0));
	}
	return 0;
}
