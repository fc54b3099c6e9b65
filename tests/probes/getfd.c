/*
 * getfd PID: tries to take each of PID's descriptors 0..1023 with
 * pidfd_getfd(2), as a program that wants another's descriptors would.
 * Prints "took N" for N > 0 descriptors taken, else "took none: E",
 * the error of the attempts on open descriptors (EBADF: none open).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	int pidfd, fd, taken = 0, err = EBADF;

	if (argc != 2)
		die("usage: getfd PID");
	pidfd = (int)syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	if (pidfd < 0)
		die("pidfd_open %s: %s", argv[1], strerror(errno));
	for (int n = 0; n < 1024; n++) {
		fd = (int)syscall(SYS_pidfd_getfd, pidfd, n, 0);
		if (fd >= 0) {
			taken++;
			close(fd);
		} else if (errno != EBADF) {
			err = errno;
		}
	}
	if (taken)
		printf("took %d\n", taken);
	else
		printf("took none: %s\n", errno_name(err));
	return 0;
}
