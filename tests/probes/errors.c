/*
 * errors FAMILY: failing socket()/socketpair() calls of FAMILY must fail
 * with the errno the stack itself gives (bad protocol, bad type, bad
 * flags, bad pointer behind a guard page, descriptor limit), and leave
 * no descriptor behind.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "common.h"

static int family, deftype;

static void try_socket(int type, int protocol)
{
	char text[64];
	int fd = socket(family, type, protocol);

	if (fd < 0) {
		printf("socket(%s, %s, %d) = -1 %s\n", family_text(family),
		       type_text(type), protocol, errno_name(errno));
		return;
	}
	sock_text(fd, 0, text, sizeof(text));
	printf("socket(%s, %s, %d) = %d %s\n", family_text(family),
	       type_text(type), protocol, fd, text);
}

static void try_pair(int type, int protocol, int *sv, const char *what)
{
	char a[64], b[64];

	if (socketpair(family, type, protocol, sv)) {
		printf("socketpair(%s, %s, %d, %s) = -1 %s\n",
		       family_text(family), type_text(type), protocol, what,
		       errno_name(errno));
		return;
	}
	sock_text(sv[0], 0, a, sizeof(a));
	sock_text(sv[1], 0, b, sizeof(b));
	printf("socketpair(%s, %s, %d, %s) = 0 [%d %s, %d %s]\n",
	       family_text(family), type_text(type), protocol, what,
	       sv[0], a, sv[1], b);
	close(sv[0]);
	close(sv[1]);
}

int main(int argc, char **argv)
{
	struct rlimit rl = { 16, 16 };
	int sv[2], fd;
	char *page;

	if (argc != 2)
		die("usage: errors FAMILY");
	family = family_by_name(argv[1]);
	deftype = family == AF_NETLINK || family == AF_PACKET ? SOCK_RAW
							       : SOCK_STREAM;
	setvbuf(stdout, NULL, _IOLBF, 0);
	close_from(3);

	try_socket(deftype, 200);
	try_socket(77, 0);
	try_socket(deftype | 0x40000000, 0);
	try_socket(SOCK_RDM, 0);
	try_pair(SOCK_DGRAM, 0, sv, "sv");
	try_pair(77, 0, sv, "sv");
	try_pair(deftype, 200, sv, "sv");
	try_pair(SOCK_DGRAM | 0x40000000, 0, sv, "sv");

	/* A page with a PROT_NONE guard page after it. */
	page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || mprotect(page + 4096, 4096, PROT_NONE))
		die("mmap: %s", strerror(errno));
	try_pair(SOCK_DGRAM, 0, (int *)(page + 4096), "guard");
	try_pair(SOCK_DGRAM, 0, (int *)(page + 4096 - sizeof(int)),
		 "half-guard");
	try_pair(SOCK_DGRAM, 0, NULL, "NULL");
	printf("lowest free = %d\n", lowest_free_fd());

	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit: %s", strerror(errno));
	while ((fd = open("/dev/null", O_RDONLY)) >= 0 && fd < 15)
		;
	if (fd != 15)
		die("filling the table: fd %d: %s", fd, strerror(errno));
	try_socket(deftype, 0);
	try_pair(SOCK_DGRAM, 0, sv, "sv");
	close(15);
	try_pair(SOCK_DGRAM, 0, sv, "sv");
	try_socket(deftype, 0);
	close(15);
	printf("lowest free = %d\n", lowest_free_fd());
	return 0;
}
