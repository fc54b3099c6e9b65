/*
 * Credentials are per thread for the kernel: the raw set*id, setgroups
 * and capset system calls change only the calling thread (the libc
 * wrappers would change every thread).  The saved uid and gid stay the
 * tracer's, which is what lets creds_restore() come back.
 *
 * /proc/TID/status is the one place that shows another thread's whole
 * identity (real, effective, saved and filesystem ids, every group); it
 * is read for each socket, with /proc/TID/cgroup, since nothing tells the
 * tracer when a program changes either.
 *
 * Locking: @userns_lock protects @userns_cache, which the notification
 * threads and the ptrace thread read and fill, and the ptrace thread
 * empties (creds_forget).  The tracer's own identity is set by
 * creds_init() before any other thread starts and only read afterwards;
 * the rest is per thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "policy/creds.h"
#include "ptrace/tidmap.h"
#include "report/log.h"

/* The tracer's own identity, and the capability sets to come back to. */
static struct creds own;
static struct __user_cap_data_struct own_caps[_LINUX_CAPABILITY_U32S_3];
static ino_t own_userns;

/* Per reading thread: the text of the last file read, its groups, its cgroup. */
static __thread char *text;
static __thread size_t text_size;
static __thread gid_t *groups;
static __thread size_t groups_size;
static __thread char cgroup[4096];

/* The tracer's cgroup v2 path; NULL: no cgroup v2 hierarchy. */
static char *own_cgroup;

/* The user namespace of each thread served, as a malloc'ed ino_t. */
static struct tidmap userns_cache = TIDMAP_INIT;
/* Set by creds_init(): the user namespaces of threads may be cached. */
static bool userns_cached;
static pthread_mutex_t userns_lock = PTHREAD_MUTEX_INITIALIZER;

static int capabilities(pid_t tid, struct __user_cap_data_struct caps[2])
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, tid };

	return syscall(SYS_capget, &hdr, caps) < 0 ? -errno : 0;
}

static uint64_t effective_of(const struct __user_cap_data_struct caps[2])
{
	return (uint64_t)caps[1].effective << 32 | caps[0].effective;
}

static int userns_of(pid_t tid, ino_t *ino)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", tid);
	if (stat(path, &st) < 0)
		return -errno;
	*ino = st.st_ino;
	return 0;
}

/* Returns @buf grown to hold at least @need bytes, or NULL. */
static void *grow(void *buf, size_t *size, size_t need)
{
	size_t n = *size ? *size : 4096;
	void *p;

	while (n < need)
		n *= 2;
	if (n == *size)
		return buf;
	p = realloc(buf, n);
	if (p)
		*size = n;
	return p;
}

/*
 * Reads the status file open as @fd whole into the thread's buffer, from
 * offset 0, where the kernel builds it anew (in one piece: a status with
 * NGROUPS_MAX groups is several hundred kilobytes, and its pieces agree).
 * Returns its length, or -errno.
 */
static ssize_t read_whole(int fd)
{
	size_t len = 0;
	ssize_t n;
	char *p;

	for (;;) {
		p = grow(text, &text_size, len + 4096);
		if (!p)
			return -ENOMEM;
		text = p;
		n = pread(fd, text + len, text_size - len - 1, (off_t)len);
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	text[len] = '\0';
	return (ssize_t)len;
}

/*
 * Each serving thread keeps the status and cgroup files of the threads it
 * served last open: a read at offset 0 costs half of an open, read and
 * close.  A descriptor names the thread, not its number, so one whose
 * thread died fails (ESRCH) and the files are opened again for whoever
 * has the number now.
 */
enum { KEPT_STATUS, KEPT_CGROUP, KEPT_FILES };
static const char *const kept_name[KEPT_FILES] = { "status", "cgroup" };
#define KEPT_THREADS 16
static __thread struct {
	pid_t tid;	/* 0: none */
	int fd[KEPT_FILES];
} kept[KEPT_THREADS];

static void kept_drop(int i)
{
	if (!kept[i].tid)
		return;
	for (int f = 0; f < KEPT_FILES; f++)
		close(kept[i].fd[f]);
	kept[i].tid = 0;
}

/* Returns the slot of @tid, its files open, or -errno; *@fresh if just opened. */
static int kept_slot(pid_t tid, bool *fresh)
{
	int i = (int)((unsigned)tid % KEPT_THREADS), err;
	char path[64];

	*fresh = kept[i].tid != tid;
	if (!*fresh)
		return i;
	kept_drop(i);
	for (int f = 0; f < KEPT_FILES; f++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", tid, kept_name[f]);
		kept[i].fd[f] = open(path, O_RDONLY | O_CLOEXEC);
		if (kept[i].fd[f] < 0) {
			err = errno == ENOENT ? -ESRCH : -errno;
			while (f--)
				close(kept[i].fd[f]);
			return err;
		}
	}
	kept[i].tid = tid;
	return i;
}

/*
 * Reads @tid's file @f into the thread's buffer; with @again, a kept
 * descriptor that fails is opened anew once.  Returns the length, or -errno.
 */
static ssize_t read_kept(pid_t tid, int f, bool again)
{
	bool fresh;
	ssize_t n;
	int i;

	for (;;) {
		i = kept_slot(tid, &fresh);
		if (i < 0)
			return i;
		n = read_whole(kept[i].fd[f]);
		if (n >= 0 || fresh || !again)
			return n;
		kept_drop(i);	/* another thread's number now */
	}
}

/* The ids and groups of @tid, from /proc. Returns 0 or -errno. */
static int ids_of(pid_t tid, struct creds *c)
{
	size_t room = groups_size / sizeof(gid_t);
	ssize_t len;
	long n;
	gid_t *g;

	len = read_kept(tid, KEPT_STATUS, true);
	if (len <= 0)
		return len < 0 ? (int)len : -ESRCH;
	n = creds_parse_status(text, c->uid, c->gid, groups, room);
	if (n >= 0 && (!groups || (size_t)n > room)) {
		g = grow(groups, &groups_size, (size_t)(n ? n : 1) * sizeof(gid_t));
		if (!g)
			return -ENOMEM;
		groups = g;
		n = creds_parse_status(text, c->uid, c->gid, groups, (size_t)n);
	}
	if (n < 0)
		return (int)n;
	c->ngroups = (int)n;
	c->groups = groups;
	return 0;
}

/*
 * Copies the path of the cgroup v2 line ("0::PATH") of the text in the
 * thread's buffer into @buf.  Returns 0, -ENOENT without such a line
 * (no cgroup v2 hierarchy), or -ENAMETOOLONG.
 */
static int v2_path(char *buf, size_t len)
{
	const char *p = text;
	size_t n;

	if (strncmp(p, "0::", 3)) {
		p = strstr(text, "\n0::");
		if (!p)
			return -ENOENT;
		p++;
	}
	p += 3;
	n = strcspn(p, "\n");
	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 0;
}

/* Sets @c->cgroup to @tid's cgroup if not the tracer's, else NULL. Returns 0 or -errno. */
static int cgroup_of(pid_t tid, struct creds *c)
{
	ssize_t len;
	int ret;

	c->cgroup = NULL;
	if (!own_cgroup)
		return 0;
	len = read_kept(tid, KEPT_CGROUP, false);	/* the thread the status was of */
	if (len < 0)
		return (int)len;
	ret = v2_path(cgroup, sizeof(cgroup));
	if (ret < 0)
		return ret;
	if (strcmp(cgroup, own_cgroup))
		c->cgroup = cgroup;
	return 0;
}

/* True if @a and @b are the same identity, as far as a socket can tell. */
static bool same(const struct creds *a, const struct creds *b)
{
	return a->effective == b->effective && a->ngroups == b->ngroups &&
	       !memcmp(a->uid, b->uid, sizeof(a->uid)) &&
	       !memcmp(a->gid, b->gid, sizeof(a->gid)) &&
	       !memcmp(a->groups, b->groups, (size_t)a->ngroups * sizeof(gid_t));
}

int creds_init(bool userns_calls_stop)
{
	gid_t *copy;
	ssize_t len;
	int ret;

	userns_cached = userns_calls_stop;
	ret = capabilities(0, own_caps);
	if (ret < 0)
		return ret;
	own.effective = effective_of(own_caps);
	ret = ids_of((pid_t)syscall(SYS_gettid), &own);
	if (ret < 0)
		return ret;
	copy = malloc((size_t)(own.ngroups ? own.ngroups : 1) * sizeof(gid_t));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, own.groups, (size_t)own.ngroups * sizeof(gid_t));
	own.groups = copy;
	len = read_kept((pid_t)syscall(SYS_gettid), KEPT_CGROUP, false);
	if (len < 0)
		return (int)len;
	ret = v2_path(cgroup, sizeof(cgroup));
	if (ret == 0) {
		own_cgroup = strdup(cgroup);
		if (!own_cgroup)
			return -ENOMEM;
	} else if (ret != -ENOENT) {
		return ret;
	}
	return userns_of(getpid(), &own_userns);
}

/*
 * Returns 0 with @tid's user namespace in *@userns, or -errno.  Looking it
 * up in /proc costs microseconds, so it is cached per thread (a process
 * with threads cannot change it) where the filter stops unshare() and
 * setns(), the only calls that change it, and the tracer then forgets it.
 */
static int cached_userns(pid_t tid, ino_t *userns)
{
	ino_t *known, *keep;
	int ret;

	if (!userns_cached)
		return userns_of(tid, userns);
	pthread_mutex_lock(&userns_lock);
	known = tidmap_get(&userns_cache, tid);
	*userns = known ? *known : 0;
	pthread_mutex_unlock(&userns_lock);
	if (known)
		return 0;
	ret = userns_of(tid, userns);
	keep = ret ? NULL : malloc(sizeof(*keep));
	if (!keep)
		return ret;
	*keep = *userns;
	pthread_mutex_lock(&userns_lock);
	known = tidmap_get(&userns_cache, tid);
	if (tidmap_set(&userns_cache, tid, keep) < 0)
		known = keep;	/* no room: looked up again next time */
	pthread_mutex_unlock(&userns_lock);
	free(known);
	return 0;
}

void creds_forget(pid_t tid)
{
	pthread_mutex_lock(&userns_lock);
	free(tidmap_take(&userns_cache, tid));
	pthread_mutex_unlock(&userns_lock);
}

int creds_of(pid_t tid, struct creds *c)
{
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
	ino_t userns;
	int ret;

	ret = capabilities(tid, caps);
	if (!ret)
		ret = cached_userns(tid, &userns);
	if (ret < 0)
		return ret;
	if (userns != own_userns)
		return -EPERM;
	c->effective = effective_of(caps);
	ret = ids_of(tid, c);
	if (!ret)
		ret = cgroup_of(tid, c);
	if (ret < 0)
		return ret;
	c->as_tracer = same(c, &own);
	return 0;
}

int creds_setns_view(pid_t tid, uint64_t *effective, uid_t *euid)
{
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
	struct creds c;
	int ret = capabilities(tid, caps);

	if (!ret)
		ret = ids_of(tid, &c);
	if (ret < 0)
		return ret;
	*effective = effective_of(caps);
	*euid = c.uid[ID_EFFECTIVE];
	return 0;
}

/* Sets the calling thread's effective capabilities to @effective. Returns 0 or -errno. */
static int set_effective(uint64_t effective)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];

	memcpy(caps, own_caps, sizeof(caps));
	caps[0].effective = (uint32_t)effective & own_caps[0].permitted;
	caps[1].effective = (uint32_t)(effective >> 32) & own_caps[1].permitted;
	return syscall(SYS_capset, &hdr, caps) < 0 ? -errno : 0;
}

/*
 * Sets the calling thread's filesystem uid and gid.  setfsuid() and
 * setfsgid() report no error, only the old value: a second call with an
 * invalid id tells whether the first one took.  Returns 0 or -EPERM.
 */
static int set_fs_ids(uid_t fsuid, gid_t fsgid)
{
	syscall(SYS_setfsgid, fsgid);
	syscall(SYS_setfsuid, fsuid);
	if ((gid_t)syscall(SYS_setfsgid, (gid_t)-1) != fsgid ||
	    (uid_t)syscall(SYS_setfsuid, (uid_t)-1) != fsuid)
		return -EPERM;
	return 0;
}

/* True if @c's filesystem ids are its effective ones, as set*id() leave them. */
static bool fs_ids_follow(const struct creds *c)
{
	return c->uid[ID_FS] == c->uid[ID_EFFECTIVE] && c->gid[ID_FS] == c->gid[ID_EFFECTIVE];
}

int creds_assume(const struct creds *c)
{
	int err = 0;

	/*
	 * setresuid() and setresgid() make the filesystem ids the effective
	 * ones.  Once the effective uid is not root the kernel clears the
	 * effective capabilities; the permitted ones stay (the saved uid is
	 * the tracer's), so they are raised again for filesystem ids of
	 * their own, then set to the program's.
	 */
	if (syscall(SYS_setgroups, c->ngroups, c->groups) < 0 ||
	    syscall(SYS_setresgid, c->gid[ID_REAL], c->gid[ID_EFFECTIVE], -1) < 0 ||
	    syscall(SYS_setresuid, c->uid[ID_REAL], c->uid[ID_EFFECTIVE], -1) < 0)
		err = -errno;
	if (!err && !fs_ids_follow(c)) {
		err = set_effective(own.effective);
		if (!err)
			err = set_fs_ids(c->uid[ID_FS], c->gid[ID_FS]);
	}
	if (!err)
		err = set_effective(c->effective);
	if (err)
		creds_restore();
	return err;
}

void creds_restore(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	errno = 0;
	if (syscall(SYS_setresuid, own.uid[ID_REAL], own.uid[ID_EFFECTIVE], own.uid[ID_SAVED]) < 0 ||
	    syscall(SYS_setresgid, own.gid[ID_REAL], own.gid[ID_EFFECTIVE], own.gid[ID_SAVED]) < 0 ||
	    syscall(SYS_setgroups, own.ngroups, own.groups) < 0 ||
	    syscall(SYS_capset, &hdr, own_caps) < 0 ||
	    (!fs_ids_follow(&own) && set_fs_ids(own.uid[ID_FS], own.gid[ID_FS]) < 0)) {
		log_problem("a thread cannot take the tracer's identity back (%s): "
			    "ending the session", strerror(errno ? errno : EPERM));
		_exit(1);
	}
}
