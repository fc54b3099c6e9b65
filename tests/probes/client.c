/*
 * client ITEM...: connects to each server and prints what it says.
 *	tcp SRC DST PORT | tcp6 SRC DST PORT	bind to SRC first
 *	unix PATH				("@name": abstract)
 * Binding to SRC first means that a client on the wrong stack (where SRC
 * does not exist) fails with EADDRNOTAVAIL before it sends anything.
 * Prints "KIND DST: MSG" or "KIND DST: CALL errno=E".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "common.h"

static void one(char **item, int tcp)
{
	struct timeval tv = { 5, 0 };
	struct sockaddr_storage src, dst;
	socklen_t slen = 0, dlen;
	const char *dname = tcp ? item[2] : item[1];
	char buf[512];
	ssize_t n;
	int fd;

	if (tcp) {
		slen = make_addr(item[0], item[1], "0", &src);
		dlen = make_addr(item[0], item[2], item[3], &dst);
	} else {
		dlen = make_addr(item[0], item[1], NULL, &dst);
	}
	printf("%s %s: ", item[0], dname);
	fd = socket(dst.ss_family, SOCK_STREAM, 0);
	if (fd < 0) {
		printf("socket errno=%s\n", errno_name(errno));
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (tcp && bind(fd, (struct sockaddr *)&src, slen)) {
		printf("bind errno=%s\n", errno_name(errno));
	} else if (connect(fd, (struct sockaddr *)&dst, dlen)) {
		printf("connect errno=%s\n", errno_name(errno));
	} else {
		n = read(fd, buf, sizeof(buf) - 1);
		if (n < 0) {
			printf("read errno=%s\n", errno_name(errno));
		} else {
			buf[n] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			printf("%s\n", buf);
		}
	}
	close(fd);
}

int main(int argc, char **argv)
{
	int i = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (i < argc) {
		if (!strcmp(argv[i], "unix") && i + 1 < argc) {
			one(argv + i, 0);
			i += 2;
		} else if ((!strcmp(argv[i], "tcp") || !strcmp(argv[i], "tcp6"))
			   && i + 3 < argc) {
			one(argv + i, 1);
			i += 4;
		} else {
			die("usage: client {tcp|tcp6 SRC DST PORT | unix PATH}...");
		}
	}
	return 0;
}
