/*
 * flags FAMILY: SOCK_CLOEXEC and SOCK_NONBLOCK of socket() and
 * socketpair(AF_UNIX) must land exactly: FD_CLOEXEC on the descriptor,
 * O_NONBLOCK on the file, nothing else.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "common.h"

static const char *fd_flags(int fd)
{
	static char buf[4][64];
	static int n;
	int fdfl = fcntl(fd, F_GETFD), fl = fcntl(fd, F_GETFL);
	char *b = buf[n++ % 4];

	if (fdfl < 0 || fl < 0)
		die("fcntl %d: %s", fd, strerror(errno));
	snprintf(b, 64, "%s%s%s%s", fdfl & FD_CLOEXEC ? "cloexec" : "-",
		 (fl & O_ACCMODE) == O_RDWR ? ",rdwr" : ",notrdwr",
		 fl & O_NONBLOCK ? ",nonblock" : "",
		 fl & ~(O_ACCMODE | O_NONBLOCK) ? ",other" : "");
	return b;
}

int main(int argc, char **argv)
{
	static const int extra[] = {
		0, SOCK_CLOEXEC, SOCK_NONBLOCK, SOCK_CLOEXEC | SOCK_NONBLOCK,
	};
	int family, type, fd, sv[2];
	char text[64], text2[64];
	size_t i;

	if (argc != 2)
		die("usage: flags FAMILY");
	family = family_by_name(argv[1]);
	close_from(3);
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		type = (family == AF_NETLINK ? SOCK_RAW : SOCK_STREAM) | extra[i];
		fd = socket(family, type, 0);
		if (fd < 0)
			die("socket: %s", strerror(errno));
		sock_text(fd, 0, text, sizeof(text));
		printf("socket(%s, %s) = %d %s %s\n", family_text(family),
		       type_text(type), fd, fd_flags(fd), text);
		close(fd);

		type = SOCK_DGRAM | extra[i];
		if (socketpair(AF_UNIX, type, 0, sv))
			die("socketpair: %s", strerror(errno));
		sock_text(sv[0], 0, text, sizeof(text));
		sock_text(sv[1], 0, text2, sizeof(text2));
		printf("socketpair(AF_UNIX, %s) = %d %s %s, %d %s %s\n",
		       type_text(type), sv[0], fd_flags(sv[0]), text,
		       sv[1], fd_flags(sv[1]), text2);
		close(sv[0]);
		close(sv[1]);
	}
	return 0;
}
