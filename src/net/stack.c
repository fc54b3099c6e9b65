/*
 * STACK resolution.  On Linux a networking stack is a network namespace,
 * and namespaces are files: /run/netns/NAME is a bind mount of one,
 * /proc/PID/ns/net another view of the same thing.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/mounted.h"
#include "net/netns.h"
#include "net/nshelper.h"
#include "net/stack.h"
#include "net/stack_name.h"

const char *const stack_expected =
	"expected a network namespace file such as /run/netns/NAME or "
	"/proc/PID/ns/net, a mounted stack (mstack --mount), a NAME under /run/netns, "
	"null, native or new";

struct stack *stack_new(enum stack_kind kind, int nsfd, const char *name)
{
	struct stack *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return NULL;
	}
	s->kind = kind;
	s->nsfd = nsfd;
	return s;
}

struct stack *stack_mounted(int conn, const char *name)
{
	struct stack *s = NULL;
	struct nshelper *h = NULL;
	int err, nsfd = mounted_welcome(conn);

	if (nsfd >= 0)
		h = nshelper_adopt(conn);
	if (h)
		s = stack_new(STACK_SERVED, nsfd, name);
	if (s) {
		s->helper = h;
		s->mounted = true;
		return s;
	}
	err = nsfd < 0 ? -nsfd : errno;
	if (h)
		nshelper_end(h);
	else
		close(conn);
	if (nsfd >= 0)
		close(nsfd);
	errno = err;
	return NULL;
}

void stack_free(struct stack *s)
{
	if (s->nsfd >= 0)
		close(s->nsfd);
	if (s->helper)
		nshelper_end(s->helper);
	free(s->name);
	free(s);
}

struct stack *stack_native(void)
{
	int fd = netns_open("/proc/self/ns/net");

	return fd < 0 ? NULL : stack_new(STACK_NETNS, fd, "native");
}

struct stack *stack_open(const char *arg, struct stack *native)
{
	struct stack_name n;
	int fd, ret = stack_name_parse(arg, STACK_SYNTAX_COMMAND, &n);

	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	if (n.kind == STACK_NAME_NULL)
		return stack_new(STACK_NULL, -1, arg);
	if (n.kind == STACK_NAME_NATIVE)
		return native;
	if (n.kind == STACK_NAME_NEW)
		return stack_new(STACK_SERVED, -1, arg);
	if (mounted_is(n.file)) {
		fd = mounted_connect(n.file);
		if (fd < 0) {
			errno = -fd;
			return NULL;
		}
		return stack_mounted(fd, arg);
	}
	fd = netns_open(n.file);
	if (fd < 0)
		return NULL;
	return stack_new(STACK_NETNS, fd, arg);
}
