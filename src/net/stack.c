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

#include "net/netns.h"
#include "net/stack.h"

#define NETNS_RUN_DIR "/run/netns/"

const char *const stack_expected =
	"expected a network namespace file such as /run/netns/NAME or "
	"/proc/PID/ns/net, a NAME under /run/netns, null or native";

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

void stack_free(struct stack *s)
{
	if (s->nsfd >= 0)
		close(s->nsfd);
	free(s->name);
	free(s);
}

struct stack *stack_native(void)
{
	int fd = netns_open("/proc/self/ns/net");

	return fd < 0 ? NULL : stack_new(STACK_NETNS, fd, "native");
}

/* A bare NAME (no slash) means /run/netns/NAME, as for ip netns exec. */
static int netns_open_name(const char *arg)
{
	char path[sizeof(NETNS_RUN_DIR) + 256];

	if (strlen(arg) >= 256 || !strcmp(arg, ".") || !strcmp(arg, "..")) {
		errno = ENOENT;
		return -1;
	}
	snprintf(path, sizeof(path), NETNS_RUN_DIR "%s", arg);
	return netns_open(path);
}

struct stack *stack_open(const char *arg, struct stack *native)
{
	int fd;

	if (!strcmp(arg, "null") || !strcmp(arg, "/dev/net/null"))
		return stack_new(STACK_NULL, -1, arg);
	if (!strcmp(arg, "native") || !strcmp(arg, "/dev/net/native"))
		return native;
	if (!*arg) {
		errno = ENOENT;
		return NULL;
	}
	fd = strchr(arg, '/') ? netns_open(arg) : netns_open_name(arg);
	if (fd < 0)
		return NULL;
	return stack_new(STACK_NETNS, fd, arg);
}
