/*
 * fdnum FAMILY: socket() and socketpair(AF_UNIX) must return the lowest
 * free descriptor, as natively, also after a low descriptor was closed,
 * after close_range() of everything and with stdin closed.
 *
 * fdnum tight FAMILY: the same with RLIMIT_NOFILE 64 and descriptors
 * 40..63 taken: the low free descriptors must still be usable.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "common.h"

static int family;

static void one(void)
{
	char text[64];
	int fd = socket(family, family == AF_NETLINK ? SOCK_RAW : SOCK_STREAM, 0);

	sock_text(fd, errno, text, sizeof(text));
	printf("socket() = %d %s\n", fd, text);
}

static void pair(void)
{
	char a[64], b[64];
	int sv[2] = { -1, -1 };

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		printf("socketpair() errno=%s\n", errno_name(errno));
		return;
	}
	sock_text(sv[0], 0, a, sizeof(a));
	sock_text(sv[1], 0, b, sizeof(b));
	printf("socketpair() = %d %d %s %s\n", sv[0], sv[1], a, b);
}

static void nullfd(void)
{
	if (open("/dev/null", O_RDONLY) < 0)
		die("open /dev/null: %s", strerror(errno));
}

/* Only descriptors 0..63 exist, and 40..63 are taken. */
static void tight(void)
{
	struct rlimit lim;

	if (getrlimit(RLIMIT_NOFILE, &lim) < 0)
		die("getrlimit: %s", strerror(errno));
	lim.rlim_cur = 64;
	if (setrlimit(RLIMIT_NOFILE, &lim) < 0)
		die("setrlimit: %s", strerror(errno));
	close_from(3);
	for (int fd = 40; fd < 64; fd++)
		if (dup2(0, fd) != fd)
			die("dup2: %s", strerror(errno));
	pair();			/* 3 4 */
	one();			/* 5 */
	pair();			/* 6 7 */
	printf("lowest free = %d\n", lowest_free_fd());
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "tight")) {
		family = family_by_name(argv[2]);
		setvbuf(stdout, NULL, _IOLBF, 0);
		tight();
		return 0;
	}
	if (argc != 2)
		die("usage: fdnum [tight] FAMILY");
	family = family_by_name(argv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);

	close_from(3);
	nullfd();		/* 3 */
	nullfd();		/* 4 */
	nullfd();		/* 5 */
	close(4);
	one();			/* 4 */
	one();			/* 6 */
	close(3);
	pair();			/* 3 7 */
	if (dup2(0, 20) != 20)
		die("dup2: %s", strerror(errno));
	one();			/* 8 */
	close_from(3);
	one();			/* 3 */
	pair();			/* 4 5 */
	close(0);
	one();			/* 0 */
	printf("lowest free = %d\n", lowest_free_fd());
	return 0;
}
