/*
 * libmsocket.  Under mstack the call goes to the tracer (VUOS encoding:
 * syscall -5), which keeps the per-process defaults.  Alone, the kernel
 * answers ENOSYS and the library does the one thing it can: make the socket
 * in the namespace at @path from a short-lived thread, since setns() moves
 * only the calling thread and the caller's own stack must not change.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "msocket.h"
#include "netns.h"

#define VUOS_NR_MSOCKET (-5)

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
	close(r.nsfd);
	return err ? -err : r.result;
}

/* msocket without a tracer. Returns a descriptor or -errno. */
static int alone(const char *path, int domain, int type, int protocol)
{
	if (type == SOCK_DEFAULT)
		return path ? -ENOSYS : -EINVAL;
	if (!path || !strcmp(path, "/dev/net/native")) {
		int fd = socket(domain, type, protocol);

		return fd < 0 ? -errno : fd;
	}
	if (!strcmp(path, "/dev/net/null"))
		return -EAFNOSUPPORT;
	return socket_at(path, domain, type, protocol);
}

int msocket(const char *path, int domain, int type, int protocol)
{
	long ret = syscall(VUOS_NR_MSOCKET, path, domain, type, protocol);

	if (ret >= 0 || errno != ENOSYS)
		return (int)ret;
	ret = alone(path, domain, type, protocol);
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return (int)ret;
}
