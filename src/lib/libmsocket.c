/*
 * libmsocket.  Under mstack the call goes to the tracer (VUOS encoding:
 * syscall -5), which keeps the per-process defaults.  Alone, the kernel
 * answers ENOSYS and the library does the one thing it can: make the socket
 * in the namespace at @path from a short-lived thread, since setns() moves
 * only the calling thread and the caller's own stack must not change.  An
 * unprivileged owner of the namespace must join its user namespace first,
 * which only a single-threaded process may do and which changes its
 * credentials: a short-lived child process does that and passes the
 * socket back.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/msocket.h"
#include "net/mounted.h"
#include "net/msocket_nr.h"
#include "net/netns.h"
#include "net/sockserve.h"
#include "net/stack_name.h"

_Static_assert(SOCK_DEFAULT == MSOCKET_SOCK_DEFAULT, "msocket.h: SOCK_DEFAULT");
_Static_assert(VIRSYS_MSOCKET == MSOCKET_VIRSYS, "msocket.h: VIRSYS_MSOCKET");

struct request {
	int nsfd, domain, type, protocol;
	int result;		/* descriptor or -errno */
};

static void *make_in_namespace(void *arg)
{
	struct request *r = arg;

	if (setns(r->nsfd, CLONE_NEWNET) < 0) {
		r->result = -errno;
		return NULL;
	}
	r->result = socket(r->domain, r->type, r->protocol);
	if (r->result < 0)
		r->result = -errno;
	return NULL;
}

/* Returns a socket made in @nsfd by a child in its owning user namespace, or -errno. */
static int socket_as_owner(int nsfd, int domain, int type, int protocol)
{
	int userns, sv[2], fds[2] = { -1, -1 }, ret;
	pid_t pid;

	userns = ioctl(nsfd, NS_GET_USERNS);
	if (userns < 0)
		return -errno;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		ret = -errno;
		close(userns);
		return ret;
	}
	pid = fork();
	if (pid == 0) {
		/* Not the owner (or already in its user namespace): still EPERM. */
		if (setns(userns, CLONE_NEWUSER) < 0 || setns(nsfd, CLONE_NEWNET) < 0)
			ret = -EPERM;
		else if ((fds[0] = socket(domain, type, protocol)) < 0)
			ret = -errno;
		else
			ret = 1;
		sockserve_reply(sv[1], ret, fds);
		_exit(0);
	}
	close(sv[1]);
	close(userns);
	ret = pid < 0 ? -errno : sockserve_receive(sv[0], fds, type & SOCK_CLOEXEC);
	if (ret > 0)
		ret = fds[0];
	close(sv[0]);
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	return ret;
}

/* Returns a socket made in the namespace at @path, or -errno. */
static int socket_at(const char *path, int domain, int type, int protocol)
{
	struct request r = { .domain = domain, .type = type, .protocol = protocol };
	sigset_t all, old;
	pthread_t thread;
	int err;

	r.nsfd = netns_open(path);
	if (r.nsfd < 0)
		return -errno;
	/* The helper thread must never run the caller's signal handlers. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&thread, NULL, make_in_namespace, &r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!err)
		pthread_join(thread, NULL);
	if (!err && r.result == -EPERM)
		r.result = socket_as_owner(r.nsfd, domain, type, protocol);
	close(r.nsfd);
	return err ? -err : r.result;
}

/*
 * Returns a socket of the mounted stack at @path (net/mounted.h), made by
 * the mount process, or -errno.
 */
static int socket_mounted(const char *path, int domain, int type, int protocol)
{
	const struct sockserve_request r = { domain, type, protocol, 0 };
	int fds[2], ret, conn = mounted_connect(path);

	if (conn < 0)
		return conn;
	ret = mounted_welcome(conn);
	if (ret >= 0) {
		close(ret);	/* the namespace: not needed here */
		ret = sockserve_ask(conn, &r, fds);
	}
	close(conn);
	if (ret < 0)
		return ret;
	/* The lowest free descriptor, as socket(2) gives, with the caller's flag. */
	ret = fcntl(fds[0], type & SOCK_CLOEXEC ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
	if (ret < 0)
		ret = -errno;
	close(fds[0]);
	return ret;
}

/* Returns a socket of the caller's own stack, or -errno. */
static int own_socket(int domain, int type, int protocol)
{
	int fd = socket(domain, type, protocol);

	return fd < 0 ? -errno : fd;
}

/* msocket without a tracer. Returns a descriptor or -errno. */
static int alone(const char *path, int domain, int type, int protocol)
{
	struct stack_name n;
	int ret;

	if (type == SOCK_DEFAULT)
		return path ? -ENOSYS : -EINVAL;
	if (!path)
		return own_socket(domain, type, protocol);
	ret = stack_name_parse(path, STACK_SYNTAX_MSOCKET, &n);
	if (ret < 0)
		return ret;
	if (n.kind == STACK_NAME_NATIVE)
		return own_socket(domain, type, protocol);
	if (n.kind == STACK_NAME_NULL)
		return -EAFNOSUPPORT;
	if (mounted_is(n.file))
		return socket_mounted(n.file, domain, type, protocol);
	return socket_at(n.file, domain, type, protocol);
}

int msocket(const char *path, int domain, int type, int protocol)
{
	long ret = syscall(MSOCKET_NR_VUOS, path, domain, type, protocol);

	if (ret >= 0 || errno != ENOSYS)
		return (int)ret;
	ret = alone(path, domain, type, protocol);
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return (int)ret;
}
