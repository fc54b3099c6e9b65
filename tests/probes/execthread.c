/*
 * execthread SPEC...: the main thread creates the sockets of SPEC...,
 * then a second thread execve()s sockprobe SPEC... (the kernel makes it
 * the leader); the new image must be redirected as the old one was.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

extern char **environ;

static char **exec_argv;

static void *worker(void *arg)
{
	execve(exec_argv[0], exec_argv, environ);
	die("execve %s: %s", exec_argv[0], strerror(errno));
}

int main(int argc, char **argv)
{
	static char prog[PATH_MAX];
	pthread_t tid;
	int err;

	if (argc < 2)
		die("usage: execthread SPEC...");
	printf("before exec\n");
	sock_specs(argc - 1, argv + 1);
	probe_path("sockprobe", prog, sizeof(prog));
	argv[0] = prog;
	exec_argv = argv;
	printf("execve from a thread\n");
	fflush(stdout);
	err = pthread_create(&tid, NULL, worker, NULL);
	if (err)
		die("pthread_create: %s", strerror(err));
	for (;;)
		pause();
}
