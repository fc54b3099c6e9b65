/*
 * Who may have a namespace served.  setns(2) into a network namespace
 * takes CAP_SYS_ADMIN in the user namespace that owns it and in the
 * caller's own; an unprivileged user has that only in user namespaces it
 * made, and can use it only from a single-threaded process that joins
 * one first: the helper.  The helper acts for a requester only where the
 * requester could have gone itself: a user namespace below its own, made
 * by its uid (user_namespaces(7); NS_GET_USERNS, NS_GET_OWNER_UID and
 * NS_GET_PARENT in ioctl_ns(2)).
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "net/nshelper.h"
#include "policy/creds.h"
#include "policy/served.h"

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/*
 * Returns 1 if the user namespace open as @fd is @top or lies below it,
 * 0 if not, or -errno.  Closes @fd.
 */
static int below(int fd, const struct stat *top)
{
	struct stat st;
	int up;

	for (;;) {
		if (fstat(fd, &st) < 0) {
			up = -errno;
			close(fd);
			return up;
		}
		if (same_file(&st, top)) {
			close(fd);
			return 1;
		}
		up = ioctl(fd, NS_GET_PARENT);	/* EPERM past our own */
		close(fd);
		if (up < 0)
			return 0;
		fd = up;
	}
}

int served_tracer_enters(int nsfd)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
	struct stat mine;
	int fd;

	if (syscall(SYS_capget, &hdr, caps) < 0)
		return -errno;
	if (!(caps[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN)))
		return 0;
	if (stat("/proc/thread-self/ns/user", &mine) < 0)
		return -errno;
	fd = ioctl(nsfd, NS_GET_USERNS);
	return fd < 0 ? -errno : below(fd, &mine);
}

/*
 * Returns 0 if @requester owns the namespace @nsfd (see served_join()),
 * -EPERM with the reason in @why if not, or -errno.
 */
static int owned_by(int nsfd, pid_t requester, char *why, size_t size)
{
	struct stat mine, st;
	char path[64];
	uint64_t effective;
	uid_t owner, euid;
	int fd, ret;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", requester);
	if (stat(path, &mine) < 0)
		return -errno;
	ret = creds_setns_view(requester, &effective, &euid);
	if (ret < 0)
		return ret;
	fd = ioctl(nsfd, NS_GET_USERNS);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, NS_GET_OWNER_UID, &owner) < 0 || fstat(fd, &st) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if (owner != euid) {
		close(fd);
		snprintf(why, size, "its user namespace belongs to uid %u", (unsigned int)owner);
		return -EPERM;
	}
	/* Its own: entering takes the privilege it has not, or we would have. */
	if (same_file(&st, &mine)) {
		close(fd);
		ret = 0;
	} else {
		ret = below(fd, &mine);
	}
	if (ret == 0) {
		snprintf(why, size, "its user namespace is not nested in yours");
		return -EPERM;
	}
	return ret < 0 ? ret : 0;
}

/* Gives @s the helper @h living in the namespace @here. */
static void hand_over(struct stack *s, struct nshelper *h, int here)
{
	if (s->nsfd >= 0)
		close(s->nsfd);	/* maybe through a bind mount, which an umount must find free */
	s->nsfd = here;
	s->helper = h;
	s->kind = STACK_SERVED;
}

int served_join(struct stack *s, pid_t requester, char *why, size_t size)
{
	struct nshelper *h;
	int userns, here, ret = owned_by(s->nsfd, requester, why, size);

	if (ret == -EPERM)
		return ret;
	if (ret < 0)
		goto fail;
	userns = ioctl(s->nsfd, NS_GET_USERNS);
	if (userns < 0) {
		ret = -errno;
		goto fail;
	}
	h = nshelper_start(userns, s->nsfd, &here);
	ret = h ? 0 : -errno;
	close(userns);
	if (ret < 0)
		goto fail;
	hand_over(s, h, here);
	return 0;
fail:
	snprintf(why, size, "%s", strerror(-ret));
	return ret;
}

int served_fresh(struct stack *s)
{
	int here;
	struct nshelper *h = nshelper_start(-1, -1, &here);

	if (!h)
		return -errno;
	hand_over(s, h, here);
	return 0;
}
