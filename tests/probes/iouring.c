/*
 * iouring: io_uring_setup() in this process and in a forked child; under
 * mstack both must fail with ENOSYS (IORING_OP_SOCKET would bypass it).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "common.h"

#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425
#endif

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

int main(void)
{
	pid_t pid;

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
