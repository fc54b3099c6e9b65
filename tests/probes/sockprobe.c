/*
 * sockprobe [-n NSFILE] [-u UID] SPEC...
 * Creates one socket (or socketpair) per SPEC and prints its network
 * namespace cookie or errno:
 *	SPEC = FAMILY[:TYPE[:PROTO]] | pair:FAMILY[:TYPE]
 *	inet cookie=4096
 *	pair:unix cookie=1 cookie=1
 *	inet6 errno=EAFNOSUPPORT
 * -n: setns() into NSFILE first (the program moves itself).
 * -u: become UID (and its gid) first.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	int opt, fd;

	while ((opt = getopt(argc, argv, "+n:u:")) != -1) {
		switch (opt) {
		case 'n':
			fd = open(optarg, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || setns(fd, CLONE_NEWNET))
				die("setns %s: %s", optarg, strerror(errno));
			close(fd);
			break;
		case 'u':
			become_uid(optarg);
			break;
		default:
			die("usage: sockprobe [-n NSFILE] [-u UID] SPEC...");
		}
	}
	sock_specs(argc - optind, argv + optind);
	return 0;
}
