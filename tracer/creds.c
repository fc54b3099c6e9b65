/*
 * Credentials are per thread for the kernel: the raw set*id, setgroups
 * and capset system calls change only the calling thread (the libc
 * wrappers would change every thread).  The saved uid and gid stay the
 * tracer's, which is what lets creds_restore() come back.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "creds.h"
#include "procfs.h"
#include "tracee.h"

static struct {
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;
	int ngroups;
	gid_t groups[CREDS_MAX_GROUPS];
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
	uint64_t effective;
	ino_t userns;
} own;

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

int creds_init(void)
{
	int ret;

	getresuid(&own.ruid, &own.euid, &own.suid);
	getresgid(&own.rgid, &own.egid, &own.sgid);
	own.ngroups = getgroups(CREDS_MAX_GROUPS, own.groups);
	if (own.ngroups < 0)
		return -errno;
	ret = capabilities(0, own.caps);
	if (ret < 0)
		return ret;
	own.effective = effective_of(own.caps);
	return userns_of(getpid(), &own.userns);
}

/* Parses "KEY:\tA\tB..." of /proc/TID/status into @v (up to @max). Returns the count. */
static int field(const char *status, const char *key, unsigned long *v, int max)
{
	const char *p = strstr(status, key);
	int n = 0;
	char *end;

	if (!p)
		return -1;
	p += strlen(key);
	while (n < max) {
		unsigned long x = strtoul(p, &end, 10);

		if (end == p || (*end && *end != '\t' && *end != ' ' && *end != '\n'))
			break;
		v[n++] = x;
		p = end;
		if (*p == '\n' || !*p)
			break;
	}
	return n;
}

/* The ids and groups, from /proc. Returns 0 or -errno. */
static int ids_of(pid_t tid, struct creds *c)
{
	char buf[4096];
	unsigned long v[CREDS_MAX_GROUPS];
	ssize_t len;
	int n;

	len = procfs_read(tid, "status", buf, sizeof(buf));
	if (len <= 0)
		return len < 0 ? (int)len : -ESRCH;
	if (field(buf, "\nUid:", v, 2) != 2)
		return -EINVAL;
	c->ruid = (uid_t)v[0];
	c->euid = (uid_t)v[1];
	if (field(buf, "\nGid:", v, 2) != 2)
		return -EINVAL;
	c->rgid = (gid_t)v[0];
	c->egid = (gid_t)v[1];
	n = field(buf, "\nGroups:", v, CREDS_MAX_GROUPS);
	c->ngroups = n < 0 ? 0 : n;
	for (int i = 0; i < c->ngroups; i++)
		c->groups[i] = (gid_t)v[i];
	return 0;
}

/*
 * Returns 0 with @tid's user namespace in *@userns, or -errno.  Looking it
 * up in /proc costs microseconds, so it is cached per process; the filter
 * stops unshare() and setns(), the only calls that change it.
 */
static int cached_userns(pid_t tid, ino_t *userns)
{
	int ret;

	*userns = tracee_userns(tid);
	if (*userns)
		return 0;
	ret = userns_of(tid, userns);
	if (!ret)
		tracee_set_userns(tid, *userns);
	return ret;
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
	if (userns != own.userns)
		return -EPERM;
	c->effective = effective_of(caps);
	c->as_tracer = c->effective == own.effective;
	return c->as_tracer ? 0 : ids_of(tid, c);
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
	*euid = c.euid;
	return 0;
}

int creds_assume(const struct creds *c)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
	int err;

	memcpy(caps, own.caps, sizeof(caps));
	caps[0].effective = (uint32_t)c->effective & own.caps[0].permitted;
	caps[1].effective = (uint32_t)(c->effective >> 32) & own.caps[1].permitted;
	if (syscall(SYS_setgroups, c->ngroups, c->groups) == 0 &&
	    syscall(SYS_setresgid, c->rgid, c->egid, -1) == 0 &&
	    syscall(SYS_setresuid, c->ruid, c->euid, -1) == 0 &&
	    syscall(SYS_capset, &hdr, caps) == 0)
		return 0;
	err = -errno;
	creds_restore();
	return err;
}

void creds_restore(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	syscall(SYS_setresuid, own.ruid, own.euid, own.suid);
	syscall(SYS_setresgid, own.rgid, own.egid, own.sgid);
	syscall(SYS_setgroups, own.ngroups, own.groups);
	syscall(SYS_capset, &hdr, own.caps);
}
