/*
 * The wire of sockets made by another process.  A request is a struct
 * sockserve_request; a reply an int32 result (descriptors passed, or
 * -errno) with the descriptors as SCM_RIGHTS (unix(7)).  SOCK_SEQPACKET
 * keeps each message whole.  The server side runs in processes forked
 * from the multithreaded tracer, so it calls only async-signal-safe
 * functions (signal-safety(7)).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/sockserve.h"

union fd_cmsg {
	struct cmsghdr align;
	char buf[CMSG_SPACE(2 * sizeof(int))];
};

int sockserve_reply(int conn, int result, const int fds[2])
{
	int32_t word = result;
	struct iovec iov = { &word, sizeof(word) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	union fd_cmsg u;
	struct cmsghdr *cm;

	if (result == 1 || result == 2) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = CMSG_SPACE(result * sizeof(int));
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(result * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, result * sizeof(int));
	}
	return sendmsg(conn, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* Closes the @n descriptors of @cm. */
static void close_passed(struct cmsghdr *cm, size_t n)
{
	int fd;

	for (size_t i = 0; i < n; i++) {
		memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
		close(fd);
	}
}

int sockserve_receive(int conn, int fds[2], bool cloexec)
{
	int32_t word;
	struct iovec iov = { &word, sizeof(word) };
	union fd_cmsg u;
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	size_t got = 0;
	ssize_t n;

	do
		n = recvmsg(conn, &msg, cloexec ? MSG_CMSG_CLOEXEC : 0);
	while (n < 0 && errno == EINTR);
	if (n != sizeof(word))
		return -EIO;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
		got = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	if (word <= 0 && !got)
		return word ? word : 0;
	if (word > 2 || got != (size_t)word) {
		/* Fewer than sent: no room in our descriptor table (MSG_CTRUNC). */
		if (got)
			close_passed(cm, got);
		return word > 2 || !(msg.msg_flags & MSG_CTRUNC) ? -EIO : -EMFILE;
	}
	memcpy(fds, CMSG_DATA(cm), got * sizeof(int));
	return word;
}

int sockserve_ask(int conn, const struct sockserve_request *r, int fds[2])
{
	if (send(conn, r, sizeof(*r), MSG_NOSIGNAL) != sizeof(*r))
		return -EIO;
	return sockserve_receive(conn, fds, true);
}

int sockserve_answer(int conn, sockserve_maker *make, void *arg)
{
	struct sockserve_request r;
	int fds[2] = { -1, -1 }, ret;
	bool answered;
	ssize_t n;

	do
		n = recv(conn, &r, sizeof(r), 0);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;	/* the requester has gone */
	ret = n == sizeof(r) ? make(arg, &r, fds) : -EINVAL;
	answered = sockserve_reply(conn, ret, fds) == 0;
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return answered ? 0 : -1;
}

void sockserve_loop(int conn, sockserve_maker *make, void *arg)
{
	while (sockserve_answer(conn, make, arg) == 0)
		;
}
