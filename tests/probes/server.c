/*
 * server READYFILE tcp|tcp6 ADDR PORT MSG
 * server READYFILE unix PATH MSG		(PATH "@name": abstract)
 * Listens, creates READYFILE, then answers every connection with MSG.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "common.h"

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	const char *msg;
	socklen_t len;
	int fd, c, one = 1;
	char line[512];

	if (argc < 5)
		die("usage: server READYFILE KIND ADDR [PORT] MSG");
	if (!strcmp(argv[2], "unix")) {
		len = make_addr(argv[2], argv[3], NULL, &ss);
		msg = argv[4];
	} else {
		if (argc < 6)
			die("usage: server READYFILE KIND ADDR PORT MSG");
		len = make_addr(argv[2], argv[3], argv[4], &ss);
		msg = argv[5];
	}
	signal(SIGPIPE, SIG_IGN);
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len))
		die("bind %s: %s", argv[3], strerror(errno));
	if (listen(fd, 64))
		die("listen: %s", strerror(errno));
	c = open(argv[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (c < 0)
		die("%s: %s", argv[1], strerror(errno));
	close(c);
	snprintf(line, sizeof(line), "%s\n", msg);
	for (;;) {
		c = accept(fd, NULL, NULL);
		if (c < 0)
			continue;
		if (write(c, line, strlen(line)) < 0)
			perror("server: write");
		close(c);
	}
}
