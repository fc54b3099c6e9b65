/*
 * attach PID: PTRACE_SEIZE PID, as strace -p and gdb -p do;
 * attach child: fork a child that asks to be traced (PTRACE_TRACEME), as
 * strace COMMAND and gdb COMMAND do. Prints "attach ok" or
 * "attach errno=E", "traceme ok" or "traceme errno=E".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "common.h"

int main(int argc, char **argv)
{
	int status, pipefd[2];
	pid_t pid;
	char err = 0;

	if (argc != 2)
		die("usage: attach PID|child");
	if (strcmp(argv[1], "child")) {
		pid = (pid_t)strtol(argv[1], NULL, 10);
		if (ptrace(PTRACE_SEIZE, pid, 0, 0)) {
			printf("attach errno=%s\n", errno_name(errno));
			return 0;
		}
		ptrace(PTRACE_DETACH, pid, 0, 0);
		printf("attach ok\n");
		return 0;
	}
	if (pipe(pipefd))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		err = ptrace(PTRACE_TRACEME, 0, 0, 0) ? (char)errno : 0;
		if (write(pipefd[1], &err, 1) != 1)
			_exit(1);
		_exit(0);
	}
	if (read(pipefd[0], &err, 1) != 1)
		die("read");
	waitpid(pid, &status, 0);
	if (err)
		printf("traceme errno=%s\n", errno_name(err));
	else
		printf("traceme ok\n");
	return 0;
}
