/*
 * spawn HOW SPEC...: a child made by HOW creates the sockets of SPEC...
 * and prints the results; the parent waits for it and prints its status.
 *	fork, clone (CLONE_VM|CLONE_FILES), clone3: the child works itself;
 *	vfork, posix_spawn: the child runs sockprobe SPEC...
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/sched.h>

#include "common.h"

extern char **environ;

static int nspecs;
static char **specs;
static char prog[PATH_MAX];

/* For a child that shares our memory: no stdio, one write(). */
static int child_work(void *arg)
{
	char out[1024], line[256];
	size_t len = 0;
	int i;

	(void)arg;
	for (i = 0; i < nspecs; i++) {
		sock_spec(specs[i], line, sizeof(line));
		len += snprintf(out + len, sizeof(out) - len, "%s\n", line);
	}
	return write(1, out, len) == (ssize_t)len ? 0 : 1;
}

static char **probe_argv(void)
{
	static char *av[64];
	int i;

	av[0] = prog;
	for (i = 0; i < nspecs && i < 62; i++)
		av[i + 1] = specs[i];
	av[i + 1] = NULL;
	return av;
}

int main(int argc, char **argv)
{
	static char stack[256 * 1024] __attribute__((aligned(16)));
	struct clone_args ca;
	char **av;
	int status, err;
	pid_t pid;

	if (argc < 3)
		die("usage: spawn fork|vfork|posix_spawn|clone|clone3 SPEC...");
	specs = argv + 2;
	nspecs = argc - 2;
	probe_path("sockprobe", prog, sizeof(prog));
	av = probe_argv();
	fflush(stdout);

	if (!strcmp(argv[1], "fork")) {
		pid = fork();
		if (pid == 0)
			_exit(child_work(NULL));
	} else if (!strcmp(argv[1], "vfork")) {
		pid = vfork();
		if (pid == 0) {
			execve(prog, av, environ);
			_exit(127);
		}
	} else if (!strcmp(argv[1], "posix_spawn")) {
		err = posix_spawn(&pid, prog, NULL, NULL, av, environ);
		if (err)
			die("posix_spawn: %s", strerror(err));
	} else if (!strcmp(argv[1], "clone")) {
		pid = clone(child_work, stack + sizeof(stack),
			    CLONE_VM | CLONE_FILES | SIGCHLD, NULL);
	} else if (!strcmp(argv[1], "clone3")) {
		memset(&ca, 0, sizeof(ca));
		ca.exit_signal = SIGCHLD;
		pid = syscall(SYS_clone3, &ca, sizeof(ca));
		if (pid == 0)
			_exit(child_work(NULL));
	} else {
		die("unknown way: %s", argv[1]);
	}
	if (pid < 0)
		die("%s: %s", argv[1], strerror(errno));
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	printf("child %s status %d\n", argv[1],
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
