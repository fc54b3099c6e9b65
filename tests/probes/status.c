/*
 * status COMMAND [ARG...]: runs COMMAND and prints how it ended, as the
 * kernel reports it: "exit N", or "signal N" (death by a signal).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "common.h"

int main(int argc, char **argv)
{
	int st;
	pid_t pid;

	if (argc < 2)
		die("usage: status COMMAND [ARG...]");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		die("%s: %s", argv[1], strerror(errno));
	}
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid: %s", strerror(errno));
	if (WIFEXITED(st))
		printf("exit %d\n", WEXITSTATUS(st));
	else
		printf("signal %d\n", WTERMSIG(st));
	return 0;
}
