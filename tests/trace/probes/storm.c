/*
 * storm PROCS CALLS: PROCS child processes wait on one pipe, are released
 * together when it closes, and each makes CALLS socket calls, alternately
 * socket(AF_INET, SOCK_DGRAM, 0) and socketpair(AF_UNIX, SOCK_DGRAM, 0),
 * closing what it got (so each gets descriptor 3, or 3 and 4).  Prints
 * "child PID" for each child, then "done" when all of them exited 0.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "common.h"

#define MAXPROCS 256

static int __attribute__((noreturn)) child(int gate, int calls)
{
	char c;
	int i, fd, sv[2];

	if (read(gate, &c, 1) != 0)
		_exit(PROBE_ERROR);
	close(gate);	/* the sockets get 3, or 3 and 4 */
	for (i = 0; i < calls; i++) {
		if (i % 2 == 0) {
			fd = socket(AF_INET, SOCK_DGRAM, 0);
			if (fd < 0)
				_exit(1);
			close(fd);
		} else {
			if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
				_exit(1);
			close(sv[0]);
			close(sv[1]);
		}
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	pid_t pids[MAXPROCS];
	int gate[2], procs, calls, i, st, bad = 0;

	if (argc != 3)
		die("usage: storm PROCS CALLS");
	procs = atoi(argv[1]);
	calls = atoi(argv[2]);
	if (procs < 1 || procs > MAXPROCS || calls < 1)
		die("bad counts");
	if (pipe(gate))
		die("pipe: %s", strerror(errno));
	fflush(stdout);
	for (i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork: %s", strerror(errno));
		if (pids[i] == 0) {
			close(gate[1]);
			child(gate[0], calls);
		}
		printf("child %d\n", pids[i]);
	}
	close(gate[0]);
	close(gate[1]);	/* all go */
	for (i = 0; i < procs; i++) {
		if (waitpid(pids[i], &st, 0) != pids[i])
			die("waitpid: %s", strerror(errno));
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			bad++;
	}
	if (bad)
		printf("%d children failed\n", bad);
	else
		printf("done\n");
	return bad ? 1 : 0;
}
