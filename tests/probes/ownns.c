/*
 * ownns [-u UID] STEP...: a program that chooses its own network namespace.
 *	userns SPEC...	unshare user and network namespaces, then make the
 *			sockets of SPEC... (see sockprobe)
 *	useronly	unshare the user namespace alone
 *	drop ADDR PORT	a child unshares its network namespace to drop its
 *			network: it prints "child " and its inet socket and
 *			TCP connect to ADDR PORT; then the parent prints
 *			"parent " and its own inet socket
 *	thread NSFILE	a thread setns()es into NSFILE and makes an inet
 *			socket, then another thread makes one: "setns " and
 *			"other " lines
 *	nodump		make the process non-dumpable (PR_SET_DUMPABLE 0)
 *	SPEC		a socket as sockprobe makes it
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static const char *const usage = "ownns [-u UID] userns SPEC... | useronly | drop ADDR PORT | "
				 "thread NSFILE | nodump | SPEC";

/* Prints @prefix and the result of an inet socket. */
static void inet_line(const char *prefix)
{
	char buf[128];

	sock_spec("inet", buf, sizeof(buf));
	printf("%s%s\n", prefix, buf);
	fflush(stdout);
}

static void child_without_network(const char *addr, const char *port)
{
	struct sockaddr_storage ss;
	socklen_t len = make_addr("tcp", addr, port, &ss);
	int fd;

	if (unshare(CLONE_NEWNET))
		die("unshare: %s", strerror(errno));
	inet_line("child ");
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		printf("child connect socket errno=%s\n", errno_name(errno));
	else if (connect(fd, (struct sockaddr *)&ss, len))
		printf("child connect errno=%s\n", errno_name(errno));
	else
		printf("child connect ok\n");
	fflush(stdout);
}

/* Returns the next argument index. */
static int drop(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		child_without_network(argv[1], argv[2]);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || status)
		die("the child failed");
	inet_line("parent ");
	return 3;
}

static void *enter(void *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die("setns %s: %s", (char *)path, strerror(errno));
	close(fd);
	inet_line("setns ");
	return NULL;
}

static void *stay(void *arg)
{
	(void)arg;
	inet_line("other ");
	return NULL;
}

/* Runs @fn(@arg) in a thread of its own and waits for it. */
static void in_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, fn, arg);

	if (err)
		die("pthread_create: %s", strerror(err));
	pthread_join(t, NULL);
}

int main(int argc, char **argv)
{
	int i = uid_option(argc, argv, usage);
	char buf[128];

	while (i < argc) {
		if (!strcmp(argv[i], "userns")) {
			if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
				die("unshare: %s", strerror(errno));
			i++;
		} else if (!strcmp(argv[i], "useronly")) {
			if (unshare(CLONE_NEWUSER))
				die("unshare: %s", strerror(errno));
			i++;
		} else if (!strcmp(argv[i], "drop") && i + 2 < argc) {
			i += drop(argv + i);
		} else if (!strcmp(argv[i], "nodump")) {
			if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
				die("prctl: %s", strerror(errno));
			i++;
		} else if (!strcmp(argv[i], "thread") && i + 1 < argc) {
			in_thread(enter, argv[i + 1]);
			in_thread(stay, NULL);
			i += 2;
		} else {
			sock_spec(argv[i++], buf, sizeof(buf));
			printf("%s\n", buf);
			fflush(stdout);
		}
	}
	return 0;
}
