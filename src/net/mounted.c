/*
 * The requester's side of a mounted stack, and the greeting.  The mount
 * socket is SOCK_SEQPACKET, so that each request and reply of the
 * sockserve wire stays one message; its greeting passes the namespace
 * so that the same stack reached by two paths is one stack.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "net/mounted.h"
#include "net/sockserve.h"

bool mounted_is(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

int mounted_connect(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd, err;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
		return fd;
	err = errno;
	close(fd);
	return -err;
}

int mounted_greet(int conn, int nsfd)
{
	const int fds[2] = { nsfd, -1 };

	return sockserve_reply(conn, 1, fds);
}

int mounted_welcome(int conn)
{
	int fds[2], ret = sockserve_receive(conn, fds, true);

	for (int i = 1; i < ret; i++)
		close(fds[i]);
	if (ret == 0)
		return -EIO;
	return ret < 0 ? ret : fds[0];
}
