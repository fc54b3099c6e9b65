/*
 * Credentials are per thread for the kernel: the raw set*id, setgroups
 * and capset system calls change only the calling thread (the libc
 * wrappers would change every thread).  The saved uid and gid stay the
 * tracer's, which is what lets creds_restore() come back.
 *
 * At each socket the kernel tells a thread's ids and cgroup through its
 * pidfd (PIDFD_GET_INFO, Linux 6.13) and its capabilities through
 * capget(), for less than a microsecond each.  Its supplementary groups
 * and user namespace only /proc shows, for microseconds: they are
 * learnt once per thread handle (ptrace/thread_fds.c) and learnt again
 * after any thread announced, by a call the filter stops, that it is
 * about to change them (creds_changing()).  A thread's groups may differ
 * from its process's other threads' after a raw setgroups(), and a thread
 * that exec's takes its leader's number: in a process where a thread
 * changed its groups, they are read at every socket.  Without
 * PIDFD_GET_INFO, or without cgroup v2, everything is read from /proc at
 * every socket.
 *
 * Locking: @identity_epoch is atomic; @regroup_lock protects @regrouped.
 * The tracer's own identity is set by creds_init() before any other
 * thread starts and only read afterwards; the rest is per thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "policy/creds.h"
#include "ptrace/procfs.h"
#include "ptrace/thread_fds.h"
#include "ptrace/tidmap.h"
#include "report/log.h"

/* The tracer's own identity, and the capability sets to come back to. */
static struct creds own;
static struct __user_cap_data_struct own_caps[_LINUX_CAPABILITY_U32S_3];
static ino_t own_userns;
/* The tracer's cgroup v2 path, NULL without cgroup v2; its id, 0 if unknown. */
static char *own_cgroup;
static uint64_t own_cgroupid;

/* Per reading thread: the text of the last file read, its groups, its cgroup. */
static __thread char *text;
static __thread size_t text_size;
static __thread gid_t *groups;
static __thread size_t groups_size;
static __thread char cgroup[4096];

/* What was learnt through the reading thread's handle in the same slot. */
struct learnt {
	unsigned long serial;	/* the handle's; 0: nothing */
	unsigned long epoch;	/* @identity_epoch then */
	ino_t userns;
	int ngroups;
	gid_t *groups;
	size_t groups_size;
};
static __thread struct learnt *learnt;	/* one per slot of the thread's handles */
static __thread size_t learnt_count;

/* Moves on before any thread changes its groups or namespaces. */
static atomic_ulong identity_epoch = 1;
/* Processes one of whose threads changed its groups; all, if @regrouped is full. */
static struct tidmap regrouped = TIDMAP_INIT;
static bool regrouped_all;
static atomic_bool any_regrouped;
static pthread_mutex_t regroup_lock = PTHREAD_MUTEX_INITIALIZER;

static int capabilities(pid_t tid, struct __user_cap_data_struct caps[2])
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, tid };

	return syscall(SYS_capget, &hdr, caps) < 0 ? -errno : 0;
}

static uint64_t effective_of(const struct __user_cap_data_struct caps[2])
{
	return (uint64_t)caps[1].effective << 32 | caps[0].effective;
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
 * Reads @tid's /proc file @name whole into the thread's buffer (in one
 * piece from offset 0, where the kernel builds it anew: a status with
 * NGROUPS_MAX groups is several hundred kilobytes, and its pieces agree).
 * Returns its length, or -errno.
 */
static ssize_t read_whole(pid_t tid, const char *name)
{
	int fd = thread_fds_open(tid, name);
	size_t len = 0;
	ssize_t n = 0;
	char *p;

	if (fd < 0)
		return fd;
	for (;;) {
		p = grow(text, &text_size, len + 4096);
		if (!p) {
			n = -ENOMEM;
			break;
		}
		text = p;
		n = pread(fd, text + len, text_size - len - 1, (off_t)len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (n < 0)
		return n == -ENOMEM ? n : -errno;
	text[len] = '\0';
	return (ssize_t)len;
}

/* The ids and groups of @tid, from /proc. Returns 0 or -errno. */
static int ids_of(pid_t tid, struct creds *c)
{
	size_t room = groups_size / sizeof(gid_t);
	ssize_t len;
	long n;
	gid_t *g;

	len = read_whole(tid, "status");
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
	len = read_whole(tid, "cgroup");
	if (len < 0)
		return (int)len;
	ret = v2_path(cgroup, sizeof(cgroup));
	if (ret < 0)
		return ret;
	if (strcmp(cgroup, own_cgroup))
		c->cgroup = cgroup;
	return 0;
}

/* Returns 0 with @tid's user namespace in *@ino, or -errno. */
static int userns_of(pid_t tid, ino_t *ino)
{
	struct procfs_ns ns;
	int ret = thread_fds_ns(tid, "user", &ns);

	if (ret == 0)
		*ino = ns.ino;
	return ret;
}

/* True if @a and @b are the same identity, as far as a socket can tell. */
static bool same(const struct creds *a, const struct creds *b)
{
	return a->effective == b->effective && a->ngroups == b->ngroups &&
	       !memcmp(a->uid, b->uid, sizeof(a->uid)) &&
	       !memcmp(a->gid, b->gid, sizeof(a->gid)) &&
	       !memcmp(a->groups, b->groups, (size_t)a->ngroups * sizeof(gid_t));
}

int creds_init(void)
{
	pid_t self = (pid_t)syscall(SYS_gettid);
	struct thread_ids ids;
	gid_t *copy;
	ssize_t len;
	int ret;

	ret = capabilities(0, own_caps);
	if (ret < 0)
		return ret;
	own.effective = effective_of(own_caps);
	ret = ids_of(self, &own);
	if (ret < 0)
		return ret;
	copy = malloc((size_t)(own.ngroups ? own.ngroups : 1) * sizeof(gid_t));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, own.groups, (size_t)own.ngroups * sizeof(gid_t));
	own.groups = copy;
	len = read_whole(self, "cgroup");
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
	if (own_cgroup && thread_fds_ids(self, &ids) == 0)
		own_cgroupid = ids.cgroupid;
	return userns_of(self, &own_userns);
}

/* True if a thread of process @tgid changed its groups during the session. */
static bool is_regrouped(pid_t tgid)
{
	bool yes;

	if (!atomic_load(&any_regrouped))
		return false;
	pthread_mutex_lock(&regroup_lock);
	yes = regrouped_all || tidmap_get(&regrouped, tgid);
	pthread_mutex_unlock(&regroup_lock);
	return yes;
}

void creds_changing(pid_t tid, bool regroups)
{
	pid_t tgid = regroups ? procfs_tgid(tid) : 0;

	atomic_fetch_add(&identity_epoch, 1);
	if (!regroups)
		return;
	pthread_mutex_lock(&regroup_lock);
	if (!tgid || tidmap_set(&regrouped, tgid, &regrouped) < 0)
		regrouped_all = true;	/* not known which: all */
	atomic_store(&any_regrouped, true);
	pthread_mutex_unlock(&regroup_lock);
}

/*
 * Learns @tid's groups and user namespace into @l, as of @epoch.
 * Returns 0 or -errno.
 */
static int learn(pid_t tid, struct learnt *l, unsigned long epoch)
{
	struct creds c;
	gid_t *g;
	int ret = ids_of(tid, &c);

	if (!ret)
		ret = userns_of(tid, &l->userns);
	if (ret < 0)
		return ret;
	g = grow(l->groups, &l->groups_size, (size_t)(c.ngroups ? c.ngroups : 1) * sizeof(gid_t));
	if (!g)
		return -ENOMEM;
	l->groups = g;
	memcpy(g, c.groups, (size_t)c.ngroups * sizeof(gid_t));
	l->ngroups = c.ngroups;
	l->epoch = epoch;
	return 0;
}

/* Returns the calling thread's learnt entry for handle slot @slot, or NULL. */
static struct learnt *learnt_of(int slot)
{
	size_t want = (size_t)slot + 1;
	struct learnt *more;

	if (want > learnt_count) {
		more = realloc(learnt, want * sizeof(*learnt));
		if (!more)
			return NULL;
		memset(more + learnt_count, 0, (want - learnt_count) * sizeof(*more));
		learnt = more;
		learnt_count = want;
	}
	return &learnt[slot];
}

/*
 * Fills @c from what the kernel tells cheaply (@ids) and what was learnt
 * of @tid's groups and user namespace, learning them first if need be.
 * Returns 0 or -errno (-ESRCH if the thread changed meanwhile).
 */
static int creds_learnt(pid_t tid, const struct thread_ids *ids, struct creds *c,
			ino_t *userns)
{
	unsigned long epoch = atomic_load(&identity_epoch);
	struct thread_fds *h = thread_fds_get(tid);
	unsigned long serial;
	struct learnt *l;
	int ret;

	if (!h)
		return -errno;
	serial = h->serial;
	l = learnt_of(thread_fds_slot(h));
	if (!l)
		return -ENOMEM;
	if (l->serial != serial || l->epoch != epoch || is_regrouped(ids->tgid)) {
		l->serial = 0;
		ret = learn(tid, l, epoch);
		if (ret < 0)
			return ret;
		h = thread_fds_get(tid);
		if (!h || h->serial != serial)
			return -ESRCH;	/* another thread has the number now */
		l->serial = serial;
	}
	memcpy(c->uid, ids->uid, sizeof(c->uid));
	memcpy(c->gid, ids->gid, sizeof(c->gid));
	c->ngroups = l->ngroups;
	c->groups = l->groups;
	*userns = l->userns;
	return 0;
}

int creds_of(pid_t tid, struct creds *c)
{
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
	struct thread_ids ids;
	ino_t userns = 0;
	int ret;

	ret = capabilities(tid, caps);
	if (ret < 0)
		return ret;
	c->effective = effective_of(caps);
	ret = own_cgroupid ? thread_fds_ids(tid, &ids) : -ENOTTY;
	if (ret == -ENOTTY) {
		/* The kernel tells only /proc: read it all. */
		ret = userns_of(tid, &userns);
		if (!ret && userns == own_userns)
			ret = ids_of(tid, c);
		if (!ret && userns == own_userns)
			ret = cgroup_of(tid, c);
	} else if (ret == 0) {
		ret = creds_learnt(tid, &ids, c, &userns);
		c->cgroup = NULL;
		if (!ret && userns == own_userns && ids.cgroupid != own_cgroupid)
			ret = cgroup_of(tid, c);
	}
	if (ret < 0)
		return ret;
	if (userns != own_userns)
		return -EPERM;
	c->as_tracer = same(c, &own);
	return 0;
}

void creds_thread_done(void)
{
	free(text);
	free(groups);
	text = NULL, groups = NULL;
	text_size = groups_size = 0;
	for (size_t i = 0; i < learnt_count; i++)
		free(learnt[i].groups);
	free(learnt);
	learnt = NULL;
	learnt_count = 0;
	thread_fds_drop_all();
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
