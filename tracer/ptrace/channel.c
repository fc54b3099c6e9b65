/*
 * Descriptor channels.  Setting one up takes a few injected calls:
 *
 *   socketpair(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC) -> a, b
 *   pidfd_getfd(a), pidfd_getfd(b)           (in the tracer: no stop)
 *   fcntl(a, F_DUPFD_CLOEXEC, n) or dup3 over our own stale copy, where n
 *     is the highest free slot up to the top of the descriptor limit (at
 *     most CHANNEL_HIGHEST), read from /proc/TID/fd
 *   close(a), close(b)
 *
 * After that each socket costs the two stops of one injected recvmsg.
 * kcmp() tells cheaply whether the program still holds our end (programs
 * that close every descriptor, exec) and whether a thread shares the
 * descriptor table of the channel's owner (fork copies the table: a child
 * must not read its parent's queue).
 *
 * Each thread has a guess, the channel its parent used (a thread shares
 * its table, a child process has a copy with our old end in it), kept
 * here by thread id.  Only the ptrace thread calls here: no lock.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ptrace/channel.h"
#include "ptrace/memory.h"
#include "ptrace/procfs.h"
#include "ptrace/tidmap.h"
#include "ptrace/tracee_fd.h"

#define CHANNEL_HIGHEST 1023	/* keep the program's table small */

static struct tidmap guesses = TIDMAP_INIT;	/* each holds a reference */

static int kcmp(pid_t a, pid_t b, int type, unsigned long x, unsigned long y)
{
	return (int)syscall(SYS_kcmp, a, b, type, x, y);
}

/* Returns our process id, asked of the kernel once (a call saved per socket). */
static pid_t self(void)
{
	static pid_t pid;

	if (!pid)
		pid = getpid();
	return pid;
}

/* True if fd @num of @tid is @recv_dup of ours (same open file). */
static int holds(pid_t tid, int num, int recv_dup)
{
	return kcmp(tid, self(), KCMP_FILE, (unsigned long)num, (unsigned long)recv_dup) == 0;
}

static struct channel *channel_ref(struct channel *ch)
{
	if (ch)
		ch->refs++;
	return ch;
}

static void channel_put(struct channel *ch)
{
	if (!ch || --ch->refs > 0)
		return;
	close(ch->send_fd);
	close(ch->recv_dup);
	free(ch);
}

static long call(struct inject *ij, long nr, uint64_t a0, uint64_t a1, uint64_t a2,
		 uint64_t a3)
{
	const uint64_t args[6] = { a0, a1, a2, a3, 0, 0 };

	return inject_syscall(ij, nr, args);
}

/*
 * Returns the soft RLIMIT_NOFILE of @tid, or -errno.  prlimit() wants
 * CAP_SYS_RESOURCE for a program of another uid; /proc/TID/limits does not.
 */
static long fd_limit(pid_t tid)
{
	char buf[4096], *line;
	struct rlimit lim;
	ssize_t n;

	if (prlimit(tid, RLIMIT_NOFILE, NULL, &lim) == 0)
		return lim.rlim_cur > LONG_MAX ? LONG_MAX : (long)lim.rlim_cur;
	n = procfs_read(tid, "limits", buf, sizeof(buf));
	if (n < 0)
		return n;
	line = strstr(buf, "Max open files");
	if (!line)
		return -EINVAL;
	line += strlen("Max open files");
	return strncmp(line + strspn(line, " "), "unlimited", 9) ? strtol(line, NULL, 10) : LONG_MAX;
}

/*
 * Returns the highest descriptor number up to @high that @tid's table has
 * free, -EMFILE if none, or -errno.
 */
static long highest_free(pid_t tid, long high)
{
	bool used[CHANNEL_HIGHEST + 1] = { false };
	char path[64];
	struct dirent *e;
	DIR *dir;
	long n;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)tid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((e = readdir(dir))) {
		n = strtol(e->d_name, NULL, 10);
		if (e->d_name[0] != '.' && n >= 0 && n <= high)
			used[n] = true;
	}
	closedir(dir);
	for (n = high; n >= 0; n--)
		if (!used[n])
			return n;
	return -EMFILE;
}

/*
 * Moves descriptor @fd of the program out of the way of its own sockets:
 * over @stale (our own channel copy inherited through fork) if >= 0, else
 * to the highest free slot below the top of its descriptor limit (a full
 * top must not cost the program the low descriptors it still has).
 * Returns the new number or -errno.
 */
static long move_high(struct inject *ij, int fd, int stale)
{
	long high, limit, ret;

	if (stale >= 0)
		return call(ij, __NR_dup3, (uint64_t)fd, (uint64_t)stale, O_CLOEXEC, 0);
	limit = fd_limit(ij->tid);
	if (limit < 0)
		return limit;
	high = limit > CHANNEL_HIGHEST + 1 ? CHANNEL_HIGHEST : limit - 1;
	high = highest_free(ij->tid, high);
	if (high == -EMFILE || (high >= 0 && high <= fd))
		return fd;	/* nothing free above it */
	if (high < 0)
		return high;
	ret = call(ij, __NR_fcntl, (uint64_t)fd, F_DUPFD_CLOEXEC, (uint64_t)high, 0);
	return ret == -EMFILE ? fd : ret;	/* another thread took the top meanwhile */
}

/*
 * Runs socketpair() in the program, through scratch memory that is put
 * back as it was.  Returns 0 with the program's numbers in @pair, or -errno.
 */
static long injected_pair(struct inject *ij, int pair[2])
{
	uint64_t scratch = inject_scratch(ij, 2 * sizeof(int));
	struct memory_saved saved;
	long ret;

	ret = memory_save(&saved, ij->tid, scratch, 2 * sizeof(int));
	if (ret < 0)
		return ret;
	ret = call(ij, __NR_socketpair, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, scratch);
	if (ret >= 0)
		ret = memory_read(ij->tid, scratch, pair, 2 * sizeof(int));
	memory_restore(&saved);
	return ret;
}

/* Returns a new channel for @ij's thread, or NULL with *@err. */
static struct channel *setup(struct inject *ij, int stale, int *err)
{
	struct channel *ch = calloc(1, sizeof(*ch));
	int pair[2] = { -1, -1 };
	long num, ret;

	if (!ch) {
		*err = -ENOMEM;
		return NULL;
	}
	ch->send_fd = ch->recv_dup = -1;
	ret = injected_pair(ij, pair);
	if (ret < 0)
		goto fail;	/* if it ran, cannot know what to close: the thread's stack is gone */
	ch->recv_dup = tracee_fd_fetch(ij->tid, pair[0]);
	ch->send_fd = tracee_fd_fetch(ij->tid, pair[1]);
	/* Free pair[1] first: under a tight limit its slot is the one to move to. */
	call(ij, __NR_close, (uint64_t)pair[1], 0, 0, 0);
	num = ch->recv_dup < 0 ? ch->recv_dup : ch->send_fd < 0 ? ch->send_fd
	    : move_high(ij, pair[0], stale);
	if (num != pair[0])
		call(ij, __NR_close, (uint64_t)pair[0], 0, 0, 0);
	if (num < 0) {
		ret = num;
		goto fail;
	}
	ch->num = (int)num;
	ch->owner = ij->tid;
	ch->refs = 1;
	return ch;
fail:
	if (ch->send_fd >= 0)
		close(ch->send_fd);
	if (ch->recv_dup >= 0)
		close(ch->recv_dup);
	free(ch);
	*err = (int)ret;
	return NULL;
}

struct channel *channel_get(struct inject *ij, int *err)
{
	pid_t tid = ij->tid;
	struct channel *ch = tidmap_take(&guesses, tid);
	int stale = -1;

	if (ch && holds(tid, ch->num, ch->recv_dup)) {
		if (ch->owner == tid || kcmp(tid, ch->owner, KCMP_FILES, 0, 0) == 0)
			goto keep;
		stale = ch->num;	/* a copy of the table: replace our copy */
	}
	channel_put(ch);
	ch = setup(ij, stale, err);
	if (!ch)
		return NULL;
keep:
	if (tidmap_set(&guesses, tid, ch) < 0) {
		channel_put(ch);
		*err = -ENOMEM;
		return NULL;
	}
	return ch;
}

void channel_adopt(pid_t parent, pid_t child)
{
	struct channel *ch = channel_ref(tidmap_get(&guesses, parent));

	channel_put(tidmap_take(&guesses, child));	/* a reused id */
	if (ch && tidmap_set(&guesses, child, ch) < 0)
		channel_put(ch);	/* the child will set one up */
}

void channel_forget(pid_t tid)
{
	channel_put(tidmap_take(&guesses, tid));
}

int channel_send(struct channel *ch, const int *fds, int n)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} u;
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = CMSG_SPACE(n * sizeof(int)),
	};
	struct cmsghdr *cm;

	memset(&u, 0, sizeof(u));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
	return sendmsg(ch->send_fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -errno : 0;
}

void channel_drain(struct channel *ch)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} u;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	for (;;) {
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		if (recvmsg(ch->recv_dup, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0)
			return;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			int n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			int fds[2];

			if (cm->cmsg_type != SCM_RIGHTS || n > 2)
				continue;
			memcpy(fds, CMSG_DATA(cm), n * sizeof(int));
			while (n--)
				close(fds[n]);
		}
	}
}
