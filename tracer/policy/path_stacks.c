/*
 * Resolving msocket paths and the right to use what they name.  The
 * program opens the path itself (an injected openat), so the tracer's
 * privileges never resolve it.  There is one stack per namespace, held by
 * the calls that use it and the tables that map a family to it; one that
 * nothing holds is kept for reuse among the IDLE_MAX most recently let
 * go, then released: its descriptor closed and a worker living in it ended.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "policy/creds.h"
#include "net/netns.h"
#include "policy/resident.h"
#include "policy/path_stacks.h"
#include "ptrace/tracee_fd.h"

#define IDLE_MAX 8

static struct stack *primary, *native;	/* the command line's, held for good */
static struct stack *known;	/* beyond the command line's two: held or idle */
static struct stack *null_stack;
static unsigned int nidle;
static unsigned long idle_clock;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void stacks_init(struct stack *primary_stack, struct stack *native_stack)
{
	primary = primary_stack;
	native = native_stack;
}

struct stack *stacks_native(void)
{
	return native;
}

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
	if (same_namespace(&st, primary))
		return primary;
	if (same_namespace(&st, native))
		return native;
	for (struct stack *s = known; s; s = s->next)
		if (same_namespace(&st, s))
			return s;
	return NULL;
}

/* Returns the null stack (held for good by this file), or NULL with *@err. */
static struct stack *the_null_stack(int *err)
{
	if (primary->kind == STACK_NULL)
		return primary;
	if (!null_stack)
		null_stack = stack_new(STACK_NULL, -1, "/dev/net/null");
	if (!null_stack)
		*err = -ENOMEM;
	return null_stack;
}

/*
 * Opens the string at @addr (O_PATH) in the program itself, so that the
 * kernel resolves it with the program's root, working directory, mount
 * namespace, credentials and security module, as a program's own open
 * would; the descriptor lives in the program only until it is copied.
 * Returns the tracer's copy, or the program's -errno.
 */
static int open_in_program(struct inject *ij, uint64_t addr)
{
	const uint64_t open_args[6] = { (uint64_t)AT_FDCWD, addr, O_PATH | O_CLOEXEC, 0, 0, 0 };
	uint64_t close_args[6] = { 0 };
	long fd;
	int copy;

	fd = inject_syscall(ij, __NR_openat, open_args);
	if (fd < 0)
		return (int)fd;
	copy = tracee_fd_fetch(ij->tid, (int)fd);
	close_args[0] = (uint64_t)fd;
	inject_syscall(ij, __NR_close, close_args);
	return copy;
}

/*
 * Opens the namespace named by the program's string at @addr, in the
 * program.  Returns the tracer's descriptor for it, or -errno.
 */
static int open_namespace(struct inject *ij, uint64_t addr)
{
	int fd, pfd = open_in_program(ij, addr);

	if (pfd < 0)
		return pfd;
	fd = netns_from_path_fd(pfd);
	if (fd < 0)
		fd = -errno;
	close(pfd);
	return fd;
}

struct stack *stacks_resolve(struct inject *ij, uint64_t addr, const char *path, int *err)
{
	bool special = !strcmp(path, "/dev/net/native") || !strcmp(path, "/dev/net/null");
	struct stack *s = NULL;
	int fd = -1;

	if (!special) {
		/* Not under the lock: the program's open may take its time. */
		fd = open_namespace(ij, addr);
		if (fd < 0) {
			*err = fd;
			return NULL;
		}
	}
	pthread_mutex_lock(&lock);
	if (!strcmp(path, "/dev/net/native")) {
		s = native;
		goto out;
	}
	if (special) {
		s = the_null_stack(err);
		goto out;
	}
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

/*
 * Returns 1 if a program with capabilities @effective and effective uid
 * @euid in the user namespace @mine holds CAP_SYS_ADMIN in the user
 * namespace that owns the namespace open as @nsfd, 0 if not, or -errno.
 * This is the kernel's ns_capable(): the owner's chain of ancestors must
 * reach @mine; then the capability decides, or owning the namespace just
 * below @mine on that chain grants every capability in it.
 */
static int capable_over(int nsfd, const struct stat *mine, uint64_t effective, uid_t euid)
{
	bool has_cap = effective & (1ULL << CAP_SYS_ADMIN), owned_child = false;
	struct stat st;
	uid_t owner;
	int fd, up, ret;

	fd = ioctl(nsfd, NS_GET_USERNS);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (fstat(fd, &st) < 0 || ioctl(fd, NS_GET_OWNER_UID, &owner) < 0) {
			ret = -errno;
			break;
		}
		if (st.st_dev == mine->st_dev && st.st_ino == mine->st_ino) {
			ret = has_cap || owned_child;
			break;
		}
		owned_child = owner == euid;
		up = ioctl(fd, NS_GET_PARENT);	/* EPERM past the top */
		close(fd);
		fd = up;
		if (fd < 0)
			return 0;
	}
	close(fd);
	return ret;
}

/*
 * Returns 1 if the program of @tid could enter the namespace @nsfd itself,
 * 0 if not, or -errno.  setns(2) into a network namespace needs
 * CAP_SYS_ADMIN in its owning user namespace and in the caller's own; a
 * program that has it only in the owning one can still get there by
 * joining that user namespace first (from a child process, as libmsocket
 * does), so that is the rule.
 */
static int could_enter(pid_t tid, int nsfd)
{
	char path[64];
	struct stat mine;
	uint64_t effective;
	uid_t euid;
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", tid);
	if (stat(path, &mine) < 0)
		return -errno;
	ret = creds_setns_view(tid, &effective, &euid);
	return ret < 0 ? ret : capable_over(nsfd, &mine, effective, euid);
}

int stacks_permit(pid_t tid, bool on_null, const struct stack *s, const char **why)
{
	bool named = s == primary || s == native;
	int ret;

	if (s->kind == STACK_NULL || (named && !on_null))
		return 0;
	ret = could_enter(tid, s->nsfd);
	if (ret > 0)
		return 0;
	if (ret < 0)
		*why = "cannot tell whether the program could enter the namespace";
	else if (named)
		*why = "the program's stack is null and it could not enter this one itself";
	else
		*why = "the program could not enter this namespace itself";
	return ret < 0 ? ret : -EPERM;
}
