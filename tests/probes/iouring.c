/*
 * iouring: io_uring_setup() in this process and in a forked child; under
 * mstack both must fail with ENOSYS (IORING_OP_SOCKET would bypass it).
 *
 *   iouring exec CMD...        creates a ring at descriptor 42, inheritable,
 *                              and executes CMD (mstack must refuse it)
 *   iouring give CMD...        creates a ring at descriptor 42, close-on-exec,
 *                              and runs CMD as its child
 *   iouring take               takes descriptor 42 of its parent (a ring
 *                              reaching the program later: SCM_RIGHTS
 *                              refuses rings) and drives it: io_uring_enter
 *                              and io_uring_register must fail with ENOSYS
 *                              under mstack
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "common.h"

#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif
#ifndef SYS_io_uring_enter
#define SYS_io_uring_enter 426
#endif
#ifndef SYS_io_uring_register
#define SYS_io_uring_register 427
#endif
#define IORING_UNREGISTER_BUFFERS 1

/* Returns a new ring, or dies. */
static int ring(void)
{
	unsigned char params[120];	/* struct io_uring_params */
	long fd;

	memset(params, 0, sizeof(params));
	fd = syscall(SYS_io_uring_setup, 4, params);
	if (fd < 0)
		die("io_uring_setup: %s", strerror(errno));
	return (int)fd;
}

static void __attribute__((noreturn)) run(char **argv)
{
	execvp(argv[0], argv);
	die("%s: %s", argv[0], strerror(errno));
}

static void __attribute__((noreturn)) exec_with_ring(char **argv)
{
	if (dup2(ring(), 42) != 42)	/* dup2 clears close-on-exec */
		die("dup2: %s", strerror(errno));
	run(argv);
}

/* Runs CMD with a ring at our descriptor 42, close-on-exec, for "take". */
static void __attribute__((noreturn)) give(char **argv)
{
	int status;
	pid_t pid;

	if (fcntl(ring(), F_DUPFD_CLOEXEC, 42) != 42)
		die("fcntl: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0)
		run(argv);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid: %s", strerror(errno));
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : PROBE_ERROR);
}

static void say(const char *what, long ret)
{
	if (ret < 0)
		printf("%s = -1 %s\n", what, errno_name(errno));
	else
		printf("%s = %ld\n", what, ret);
}

/* Takes descriptor 42 of our parent ("give") and drives it. */
static void take(void)
{
	int pidfd = (int)syscall(SYS_pidfd_open, getppid(), 0), fd;

	fd = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, 42, 0);
	if (fd < 0)
		die("pidfd_getfd: %s", strerror(errno));
	say("io_uring_enter", syscall(SYS_io_uring_enter, fd, 0, 0, 0, NULL, 0));
	say("io_uring_register", syscall(SYS_io_uring_register, fd,
					 IORING_UNREGISTER_BUFFERS, NULL, 0));
}

static void try(const char *who)
{
	unsigned char params[120];	/* struct io_uring_params */
	long fd;

	memset(params, 0, sizeof(params));
	fd = syscall(SYS_io_uring_setup, 4, params);
	if (fd < 0) {
		printf("%s: io_uring_setup = -1 %s\n", who, errno_name(errno));
	} else {
		printf("%s: io_uring_setup = ok\n", who);
		close(fd);
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 && !strcmp(argv[1], "exec"))
		exec_with_ring(argv + 2);
	if (argc > 2 && !strcmp(argv[1], "give"))
		give(argv + 2);
	if (argc == 2 && !strcmp(argv[1], "take")) {
		take();
		return 0;
	}
	if (argc != 1)
		die("usage: iouring [exec CMD... | give CMD... | take]");

	try("parent");
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		try("child");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	return 0;
}
