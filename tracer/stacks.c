/*
 * Resolving msocket paths.  The path is the program's: an absolute one is
 * looked up under /proc/TID/root and a relative one under /proc/TID/cwd,
 * so chroots and mount namespaces are honoured.  There is one stack per
 * namespace, held by the calls that use it and the tables that map a
 * family to it; one that nothing holds is kept for reuse among the
 * IDLE_MAX most recently let go, then released: its descriptor closed and
 * a worker living in it ended.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"
#include "resident.h"
#include "stacks.h"
#include "tracer.h"

#define IDLE_MAX 8

static struct stack *known;	/* beyond the command line's two: held or idle */
static struct stack *null_stack;
static unsigned int nidle;
static unsigned long idle_clock;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Takes a reference to @s (idle or not). Locked. */
static void hold(struct stack *s)
{
	if (s->refs++ == 0)
		nidle--;
}

void stacks_hold(struct stack *s)
{
	pthread_mutex_lock(&lock);
	hold(s);
	pthread_mutex_unlock(&lock);
}

/* Unlinks and returns the stack let go longest ago. Locked. */
static struct stack *evict(void)
{
	struct stack **p, **oldest = NULL, *s;

	for (p = &known; *p; p = &(*p)->next)
		if ((*p)->refs == 0 && (!oldest || (*p)->idle < (*oldest)->idle))
			oldest = p;
	s = *oldest;
	*oldest = s->next;
	nidle--;
	return s;
}

void stacks_put(struct stack *s)
{
	struct stack *gone = NULL;

	pthread_mutex_lock(&lock);
	if (--s->refs == 0) {
		s->idle = ++idle_clock;
		if (++nidle > IDLE_MAX)
			gone = evict();
	}
	pthread_mutex_unlock(&lock);
	if (gone) {
		resident_release(gone);
		stack_free(gone);
	}
}

static int same_namespace(const struct stat *st, const struct stack *s)
{
	struct stat other;

	return s && s->kind == STACK_NETNS && fstat(s->nsfd, &other) == 0 &&
	       other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

/* Returns the known stack for the namespace open as @fd, or NULL. */
static struct stack *find(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return NULL;
	if (same_namespace(&st, tracer_cfg.primary))
		return tracer_cfg.primary;
	if (same_namespace(&st, tracer_cfg.native))
		return tracer_cfg.native;
	for (struct stack *s = known; s; s = s->next)
		if (same_namespace(&st, s))
			return s;
	return NULL;
}

/* Returns the null stack (held for good by this file), or NULL with *@err. */
static struct stack *the_null_stack(int *err)
{
	if (tracer_cfg.primary->kind == STACK_NULL)
		return tracer_cfg.primary;
	if (!null_stack)
		null_stack = stack_new(STACK_NULL, -1, "/dev/net/null");
	if (!null_stack)
		*err = -ENOMEM;
	return null_stack;
}

/* True if @path is @link ("/proc/self") or below it. */
static bool own_proc_link(const char *path, const char *link)
{
	size_t n = strlen(link);

	return !strncmp(path, link, n) && (path[n] == '/' || !path[n]);
}

/*
 * Opens @path (O_PATH) from @tid's root directory if absolute, from its
 * working directory if not; any length the program may use works.
 * /proc/PID/ns/net is a magic link, so RESOLVE_IN_ROOT cannot be used: an
 * absolute symbolic link met on the way resolves in the tracer's root.
 * Returns the descriptor or -errno.
 */
static int open_as(pid_t tid, const char *path)
{
	char dir[64];
	int dirfd, fd;

	if (own_proc_link(path, "/proc/self") || own_proc_link(path, "/proc/thread-self")) {
		/* The program's own, not the tracer's: /proc/TID/... */
		snprintf(dir, sizeof(dir), "/proc/%d", tid);
		path = strchr(path + strlen("/proc/"), '/');
		path = path ? path : ".";
	} else {
		snprintf(dir, sizeof(dir), "/proc/%d/%s", tid, path[0] == '/' ? "root" : "cwd");
	}
	dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	path += strspn(path, "/");
	fd = openat(dirfd, *path ? path : ".", O_PATH | O_CLOEXEC);
	fd = fd < 0 ? -errno : fd;
	close(dirfd);
	return fd;
}

struct stack *stacks_resolve(pid_t tid, const char *path, int *err)
{
	struct stack *s = NULL;
	int fd, pfd;

	pthread_mutex_lock(&lock);
	if (!strcmp(path, "/dev/net/native")) {
		s = tracer_cfg.native;
		goto out;
	}
	if (!strcmp(path, "/dev/net/null")) {
		s = the_null_stack(err);
		goto out;
	}
	pfd = open_as(tid, path);
	if (pfd < 0) {
		*err = pfd;
		goto out;
	}
	fd = netns_from_path_fd(pfd);
	if (fd < 0)
		*err = -errno;
	close(pfd);
	if (fd < 0)
		goto out;
	s = find(fd);
	if (s) {
		close(fd);
		goto out;
	}
	s = stack_new(STACK_NETNS, fd, path);	/* with the caller's reference */
	if (!s) {
		close(fd);
		*err = -ENOMEM;
		goto out;
	}
	s->next = known;
	known = s;
	pthread_mutex_unlock(&lock);
	return s;
out:
	if (s)
		hold(s);
	pthread_mutex_unlock(&lock);
	return s;
}
