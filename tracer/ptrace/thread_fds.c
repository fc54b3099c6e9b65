/*
 * A /proc/TID directory opened once names its thread for good: once the
 * thread is gone, lookups in it fail (ENOENT), though another thread may
 * have the number by then.  So does a thread pidfd (ESRCH).  Each serving
 * thread keeps both for the program threads it met last, and opens them
 * anew, once, when a lookup fails: the number may be another thread's.
 * A thread that exec's takes its leader's number, and these handles then
 * lead to it: what they tell is always of the thread with the number now.
 *
 * The slots are per serving thread, no lock, allocated at its first
 * lookup; the serial numbers come from one atomic counter.  A slot is
 * found by the thread's number, so a program of many processes needs many
 * slots: each miss costs an open() in /proc and a pidfd_open().
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ptrace/thread_fds.h"

/* <linux/pidfd.h> of Linux 6.13, which the build machine may lack. */
struct pidfd_info_v0 {
	__u64 mask;
	__u64 cgroupid;
	__u32 pid, tgid, ppid;
	__u32 ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
	__u32 spare0[1];
};
#define PIDFD_GET_INFO_V0	_IOWR(0xFF, 11, struct pidfd_info_v0)
#define PIDFD_INFO_CREDS_V0	(1UL << 1)
#define PIDFD_INFO_CGROUPID_V0	(1UL << 2)
#define PIDFD_THREAD_FLAG	O_EXCL

static unsigned int nslots = THREAD_FDS_SLOTS_MIN;
static __thread struct thread_fds *slots;
static atomic_ulong serials;

void thread_fds_size(unsigned int n)
{
	nslots = n < THREAD_FDS_SLOTS_MIN ? THREAD_FDS_SLOTS_MIN :
		 n > THREAD_FDS_SLOTS_MAX ? THREAD_FDS_SLOTS_MAX : n;
}

/* Returns the calling thread's slot for @tid, or NULL (ENOMEM). */
static struct thread_fds *slot_of(pid_t tid)
{
	if (!slots && !(slots = calloc(nslots, sizeof(*slots))))
		return NULL;
	return &slots[(unsigned int)tid % nslots];
}

static void drop(struct thread_fds *h)
{
	if (!h->tid)
		return;
	close(h->dir);
	if (h->pidfd >= 0)
		close(h->pidfd);
	h->tid = 0;
}

/* Opens the handles of @h on @tid. Returns 0 or -errno. */
static int open_slot(struct thread_fds *h, pid_t tid)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d", tid);
	h->dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (h->dir < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	h->pidfd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD_FLAG);
	if (h->pidfd < 0 && errno != EINVAL) {
		close(h->dir);
		return -errno;
	}
	h->tid = tid;
	h->serial = atomic_fetch_add(&serials, 1) + 1;
	return 0;
}

struct thread_fds *thread_fds_get(pid_t tid)
{
	struct thread_fds *h = slot_of(tid);
	int ret;

	if (!h)
		return NULL;
	if (h->tid == tid)
		return h;
	drop(h);
	ret = open_slot(h, tid);
	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	return h;
}

void thread_fds_drop_all(void)
{
	if (!slots)
		return;
	for (unsigned int i = 0; i < nslots; i++)
		drop(&slots[i]);
	free(slots);
	slots = NULL;
}

int thread_fds_slot(const struct thread_fds *h)
{
	return (int)(h - slots);
}

/*
 * Runs @op on @tid's handles; when it fails with ESRCH on handles kept
 * from before, opens them anew and runs it once more.  Returns its result.
 */
static int with_handles(pid_t tid, int (*op)(struct thread_fds *, void *), void *arg)
{
	struct thread_fds *h = slot_of(tid);
	bool kept = h && h->tid == tid;
	int ret;

	h = thread_fds_get(tid);
	if (!h)
		return -errno;
	ret = op(h, arg);
	if (ret != -ESRCH || !kept)
		return ret;
	drop(h);
	h = thread_fds_get(tid);
	return h ? op(h, arg) : -errno;
}

static int ids_op(struct thread_fds *h, void *arg)
{
	struct pidfd_info_v0 info = { .mask = PIDFD_INFO_CREDS_V0 | PIDFD_INFO_CGROUPID_V0 };
	struct thread_ids *ids = arg;

	if (h->pidfd < 0)
		return -ENOTTY;
	if (ioctl(h->pidfd, PIDFD_GET_INFO_V0, &info) < 0)
		return errno == EINVAL ? -ENOTTY : -errno;
	if (!(info.mask & PIDFD_INFO_CGROUPID_V0))
		return -ENOTTY;		/* no cgroup v2: /proc tells more */
	ids->tgid = (pid_t)info.tgid;
	ids->uid[0] = info.ruid, ids->uid[1] = info.euid;
	ids->uid[2] = info.suid, ids->uid[3] = info.fsuid;
	ids->gid[0] = info.rgid, ids->gid[1] = info.egid;
	ids->gid[2] = info.sgid, ids->gid[3] = info.fsgid;
	ids->cgroupid = info.cgroupid;
	return 0;
}

int thread_fds_ids(pid_t tid, struct thread_ids *ids)
{
	return with_handles(tid, ids_op, ids);
}

struct ns_arg {
	const char *kind;
	struct procfs_ns *ns;
};

/*
 * Returns the device of nsfs, which holds every namespace, or 0.  Read
 * once: a readlink() of a namespace link (half the cost of a stat())
 * tells the inode only.
 */
static dev_t nsfs_dev(void)
{
	static atomic_ulong dev;
	struct stat st;

	if (!atomic_load(&dev) && stat("/proc/self/ns/net", &st) == 0)
		atomic_store(&dev, (unsigned long)st.st_dev);
	return (dev_t)atomic_load(&dev);
}

static int ns_op(struct thread_fds *h, void *arg)
{
	struct ns_arg *a = arg;
	char path[32], link[64];
	unsigned long ino;
	size_t kind = strlen(a->kind);
	ssize_t n;

	snprintf(path, sizeof(path), "ns/%s", a->kind);
	n = readlinkat(h->dir, path, link, sizeof(link) - 1);
	if (n < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	link[n] = '\0';
	/* "net:[4026531840]" (proc(5), /proc/pid/ns/) */
	if ((size_t)n <= kind + 3 || strncmp(link, a->kind, kind) ||
	    sscanf(link + kind, ":[%lu]", &ino) != 1)
		return -EIO;
	a->ns->dev = nsfs_dev();
	a->ns->ino = (ino_t)ino;
	return a->ns->dev ? 0 : -EIO;
}

int thread_fds_ns(pid_t tid, const char *kind, struct procfs_ns *ns)
{
	struct ns_arg a = { kind, ns };

	return with_handles(tid, ns_op, &a);
}

static int open_op(struct thread_fds *h, void *arg)
{
	int fd = openat(h->dir, arg, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

int thread_fds_open(pid_t tid, const char *name)
{
	return with_handles(tid, open_op, (void *)name);
}
