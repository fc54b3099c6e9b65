/*
 * ownns [-u UID] STEP...: a program that chooses its own network namespace.
 *	userns SPEC...	unshare user and network namespaces, then make the
 *			sockets of SPEC... (see sockprobe)
 *	useronly	unshare the user namespace alone
 *	setuser		setns() into the user namespace of a child cloned
 *			into one of its own (clone(2), which the filter does
 *			not stop: only the setns() says that it changes)
 *	setns NSFILE	setns() into the network namespace NSFILE
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
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static const char *const usage = "ownns [-u UID] userns SPEC... | useronly | setuser | "
				 "setns NSFILE | drop ADDR PORT | thread NSFILE | nodump | SPEC";

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

/* Enters the namespace of kind @nstype at @path, or dies. */
static void enter_ns(const char *path, int nstype)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || setns(fd, nstype))
		die("setns %s: %s", path, strerror(errno));
	close(fd);
}

/*
 * Enters the user namespace of a child cloned into one of its own: the
 * raw clone(), like fork() with CLONE_NEWUSER, since the libc wrapper
 * wants a stack.  The child waits for the end of its pipe.
 */
static void setuser(void)
{
	char path[64], c;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		die("pipe: %s", strerror(errno));
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (pid < 0)
		die("clone: %s", strerror(errno));
	if (pid == 0) {
		close(fds[1]);
		_exit(read(fds[0], &c, 1) == 0 ? 0 : 1);
	}
	close(fds[0]);
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	enter_ns(path, CLONE_NEWUSER);
	close(fds[1]);
	if (waitpid(pid, &status, 0) != pid || status)
		die("the child failed");
}

static void *enter(void *path)
{
	enter_ns(path, CLONE_NEWNET);
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
		} else if (!strcmp(argv[i], "setuser")) {
			setuser();
			i++;
		} else if (!strcmp(argv[i], "setns") && i + 1 < argc) {
			enter_ns(argv[i + 1], CLONE_NEWNET);
			i += 2;
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
