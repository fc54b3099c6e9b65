/*
 * Resolving msocket paths and the right to use what they name.  The
 * program opens the path itself (an injected openat), so the tracer's
 * privileges never resolve it.  There is one stack per namespace, held by
 * the calls that use it and the tables that map a family to it; one that
 * nothing holds is kept for reuse among the IDLE_MAX most recently let
 * go, then released: its descriptor closed and a worker living in it ended.
 *
 * Locking: @lock protects the list of known stacks, their counts and the
 * null stack.  Any thread may call in: tables are put by the notification
 * threads too.  resident_release() and stack_free() run after the lock is
 * let go; the session's stacks are set by stacks_init() before any other
 * thread starts.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "policy/creds.h"
#include "net/mounted.h"
#include "net/netns.h"
#include "net/stack_name.h"
#include "policy/resident.h"
#include "policy/served.h"
#include "policy/path_stacks.h"
#include "ptrace/tracee_fd.h"

#define IDLE_MAX 8

/* A stack beyond the command line's two and the null one, held or idle. */
struct known {
	struct stack *s;
	int refs;		/* tables and calls holding it */
	unsigned long idle;	/* when it was last let go */
	struct known *next;
};

/* The command line's and the null stack are held for good: no count. */
static struct stack *primary, *native;
static struct known *known;
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

/* Returns the entry of @s, or NULL for a stack held for good. Locked. */
static struct known *entry(const struct stack *s)
{
	struct known *k;

	for (k = known; k && k->s != s; k = k->next)
		;
	return k;
}

/* Takes a reference to @s (idle or not). Locked. */
static void hold(const struct stack *s)
{
	struct known *k = entry(s);

	if (k && k->refs++ == 0)
		nidle--;
}

void stacks_hold(struct stack *s)
{
	pthread_mutex_lock(&lock);
	hold(s);
	pthread_mutex_unlock(&lock);
}

/* Unlinks the stack let go longest ago and returns it. Locked. */
static struct stack *evict(void)
{
	struct known **p, **oldest = NULL, *k;
	struct stack *s;

	for (p = &known; *p; p = &(*p)->next)
		if ((*p)->refs == 0 && (!oldest || (*p)->idle < (*oldest)->idle))
			oldest = p;
	k = *oldest;
	*oldest = k->next;
	nidle--;
	s = k->s;
	free(k);
	return s;
}

void stacks_put(struct stack *s)
{
	struct stack *gone = NULL;
	struct known *k;

	pthread_mutex_lock(&lock);
	k = entry(s);
	if (k && --k->refs == 0) {
		k->idle = ++idle_clock;
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

	return s && s->nsfd >= 0 && fstat(s->nsfd, &other) == 0 &&
	       other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

/*
 * Returns the known stack for the namespace open as @fd, or NULL; among
 * the others than the command line's, a mounted one if @mounted, else
 * one that is not: a mounted stack is granted for its socket file alone
 * (stacks_permit()).
 */
static struct stack *find(int fd, bool mounted)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return NULL;
	if (same_namespace(&st, primary))
		return primary;
	if (same_namespace(&st, native))
		return native;
	for (struct known *k = known; k; k = k->next)
		if (same_namespace(&st, k->s) && k->s->mounted == mounted)
			return k->s;
	return NULL;
}

/* Returns the null stack (held for good by this file), or NULL with *@err. */
static struct stack *the_null_stack(int *err)
{
	if (primary->kind == STACK_NULL)
		return primary;
	if (!null_stack)
		null_stack = stack_new(STACK_NULL, -1, STACK_PATH_NULL);
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
 * Connects to the mounted stack open as @pfd with the credentials of the
 * program of @tid, so that the kernel checks its right to write to the
 * socket file as at the program's own connect(2) (unix(7)).  Returns the
 * mounted stack named @path, or NULL with *@err.
 */
static struct stack *connect_as_program(pid_t tid, int pfd, const char *path, int *err)
{
	char proc[64];
	struct creds c;
	struct stack *s;
	int conn = creds_of(tid, &c);

	if (conn == 0 && !c.as_tracer)
		conn = creds_assume(&c);
	if (conn < 0) {
		*err = conn;
		return NULL;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	conn = mounted_connect(proc);
	if (!c.as_tracer)
		creds_restore();
	if (conn < 0) {
		*err = conn;
		return NULL;
	}
	s = stack_mounted(conn, path);
	if (!s)
		*err = -errno;
	return s;
}

/*
 * Opens the namespace named by the program's string at @addr (@path), in
 * the program; a socket file is a mounted stack, returned in *@mounted
 * with its namespace.  Returns the tracer's descriptor of the namespace,
 * or -errno.
 */
static int open_namespace(struct inject *ij, uint64_t addr, const char *path,
			  struct stack **mounted)
{
	int fd, pfd = open_in_program(ij, addr);
	struct stat st;

	if (pfd < 0)
		return pfd;
	if (fstat(pfd, &st) == 0 && S_ISSOCK(st.st_mode)) {
		fd = -EIO;
		*mounted = connect_as_program(ij->tid, pfd, path, &fd);
		if (*mounted)
			fd = (*mounted)->nsfd;
	} else {
		fd = netns_from_path_fd(pfd);
		if (fd < 0)
			fd = -errno;
	}
	close(pfd);
	return fd;
}

/*
 * Returns @s, new, ready to use: a namespace the tracer may not enter is
 * served by a helper if the program of @tid owns it.  Else NULL with
 * *@err, and *@note saying why when the program does not own it; @s is
 * freed.
 */
static struct stack *ready(struct stack *s, pid_t tid, int *err, const char **note)
{
	static __thread char why[128];
	int ret = served_tracer_enters(s->nsfd);

	if (ret == 0)
		ret = served_join(s, tid, why, sizeof(why));
	if (ret >= 0)
		return s;
	if (ret == -EPERM)
		*note = why;
	*err = ret;
	stack_free(s);
	return NULL;
}

struct stack *stacks_resolve(struct inject *ij, uint64_t addr, const char *path, int *err,
			     const char **note)
{
	struct stack_name n;
	struct stack *s = NULL, *mounted = NULL;
	struct known *k;
	int fd = -1, ret = stack_name_parse(path, STACK_SYNTAX_MSOCKET, &n);

	if (ret < 0) {
		*err = ret;
		return NULL;
	}
	if (n.kind == STACK_NAME_PATH) {
		/* Not under the lock: the program's open may take its time. */
		fd = open_namespace(ij, addr, path, &mounted);
		if (fd < 0) {
			*err = fd;
			return NULL;
		}
	}
	pthread_mutex_lock(&lock);
	if (n.kind == STACK_NAME_NATIVE) {
		s = native;
		goto out;
	}
	if (n.kind == STACK_NAME_NULL) {
		s = the_null_stack(err);
		goto out;
	}
	s = find(fd, mounted);
	if (s) {
		if (mounted)
			stack_free(mounted);	/* this one's connection only */
		else
			close(fd);
		goto out;
	}
	k = malloc(sizeof(*k));
	s = !k || mounted ? mounted : stack_new(STACK_NETNS, fd, path);
	if (!s || !k) {
		free(k);
		if (s)
			stack_free(s);
		else
			close(fd);
		s = NULL;
		*err = -ENOMEM;
		goto out;
	}
	if (!mounted)	/* under the lock: one helper per namespace */
		s = ready(s, ij->tid, err, note);
	if (!s) {
		free(k);
		goto out;
	}
	*k = (struct known){ .s = s, .refs = 1, .next = known };	/* the caller's */
	known = k;
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

	/* A mounted stack's file was the program's to connect to (open_namespace()). */
	if (s->kind == STACK_NULL || s->mounted || (named && !on_null))
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
