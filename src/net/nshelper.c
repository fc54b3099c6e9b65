/*
 * The helper is forked from a multithreaded process, so from the fork on
 * it calls only async-signal-safe functions (signal-safety(7)).  It forks
 * once more and its parent exits at once: the helper is then no child of
 * the caller, whose waitpid(-1) (the tracer's event loop) must not wait
 * for it.  Its first reply says whether it got in, and passes its own
 * network namespace's descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/nshelper.h"
#include "net/sockserve.h"

/* The server's maker: sockets where the helper lives. */
static int make_here(void *arg, const struct sockserve_request *r, int fds[2])
{
	int type = r->type | SOCK_CLOEXEC;

	(void)arg;
	if (r->pair)
		return socketpair(r->domain, type, r->protocol, fds) < 0 ? -errno : 2;
	fds[0] = socket(r->domain, type, r->protocol);
	return fds[0] < 0 ? -errno : 1;
}

/* Closes every descriptor but the @keep ones (-1: none). */
static void close_others(const int keep[3])
{
	unsigned int from = 0;
	struct rlimit lim;
	int next;

	for (;;) {
		next = -1;
		for (int i = 0; i < 3; i++)
			if (keep[i] >= (int)from && (next < 0 || keep[i] < next))
				next = keep[i];
		if (next < 0)
			break;
		if ((unsigned int)next > from &&
		    close_range(from, (unsigned int)next - 1, 0) < 0 && errno == ENOSYS)
			goto one_by_one;
		from = (unsigned int)next + 1;
	}
	if (close_range(from, ~0U, 0) == 0 || errno != ENOSYS)
		return;
one_by_one:	/* before Linux 5.9 */
	if (getrlimit(RLIMIT_NOFILE, &lim) < 0)
		return;
	for (rlim_t fd = 0; fd < lim.rlim_cur; fd++)
		if ((int)fd != keep[0] && (int)fd != keep[1] && (int)fd != keep[2])
			close((int)fd);
}

/* Writes @text to the file @path. Returns 0 or -errno. */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Writes "@id @id 1" to the id map @path (snprintf is not async-signal-safe). */
static int map_to_itself(const char *path, unsigned int id)
{
	char digits[16], line[48], *p = digits + sizeof(digits);
	size_t n;

	*--p = '\0';
	do
		*--p = (char)('0' + id % 10);
	while (id /= 10);
	n = strlen(p);
	memcpy(line, p, n);
	line[n] = ' ';
	memcpy(line + n + 1, p, n);
	memcpy(line + 2 * n + 1, " 1\n", 4);
	return write_file(path, line);
}

/* Brings lo up (a fresh namespace has it down). Returns 0 or -errno. */
static int lo_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = 0;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		ret = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (!ret && ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * Makes fresh user and network namespaces (see nshelper_start()).  The
 * id maps of a process that is not dumpable belong to root (proc(5)):
 * dumpable while it writes them, until helper_main() resets it.
 * Returns 0 or -errno.
 */
static int fresh(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int ret;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		return -errno;
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	ret = map_to_itself("/proc/self/uid_map", uid);
	if (!ret)
		ret = write_file("/proc/self/setgroups", "deny");
	if (!ret)
		ret = map_to_itself("/proc/self/gid_map", gid);
	return ret ? ret : lo_up();
}

/* Enters @userns (unless -1), then @netns. Returns 0 or -errno. */
static int join(int userns, int netns)
{
	if (userns >= 0 && setns(userns, CLONE_NEWUSER) < 0)
		return -errno;
	return setns(netns, CLONE_NEWNET) < 0 ? -errno : 0;
}

/* The helper process: gets in, says so with its namespace, serves. */
static void __attribute__((noreturn)) helper_main(int conn, int userns, int netns)
{
	const int keep[3] = { conn, userns, netns };
	int here[2] = { -1, -1 }, ret;

	close_others(keep);
	ret = netns >= 0 ? join(userns, netns) : fresh();
	/* Entering a user namespace resets it (prctl(2)): now. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (userns >= 0)
		close(userns);
	if (netns >= 0)
		close(netns);
	if (!ret) {
		here[0] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		ret = here[0] < 0 ? -errno : 1;
	}
	if (sockserve_reply(conn, ret, here) == 0 && ret > 0) {
		close(here[0]);
		sockserve_loop(conn, make_here, NULL);
	}
	_exit(0);
}

/*
 * fork(2) as the bare system call: the C library's fork handlers, and a
 * sanitizer's, do not run, and the helper needs none of them (see the
 * head comment); ThreadSanitizer's would start a thread in the child,
 * and unshare(CLONE_NEWUSER) and setns() into a user namespace want a
 * single thread.  Returns what fork() returns.
 */
static pid_t bare_fork(void)
{
	return (pid_t)syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
}

struct nshelper *nshelper_start(int userns, int netns, int *here)
{
	struct nshelper *h;
	int sv[2], fds[2], ret;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return NULL;
	pid = bare_fork();
	if (pid == 0) {
		pid = bare_fork();
		if (pid != 0)
			_exit(0);
		helper_main(sv[1], userns, netns);
	}
	close(sv[1]);
	/* The caller's event loop may reap it first: ECHILD is fine. */
	while (pid > 0 && waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	ret = pid < 0 ? -errno : sockserve_receive(sv[0], fds, true);
	h = ret < 0 ? NULL : nshelper_adopt(sv[0]);
	if (!h) {
		if (ret >= 0) {
			ret = -errno;
			close(fds[0]);
		}
		close(sv[0]);
		errno = -ret;
		return NULL;
	}
	*here = fds[0];
	return h;
}

struct nshelper *nshelper_adopt(int conn)
{
	struct nshelper *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->conn = conn;
	pthread_mutex_init(&h->lock, NULL);
	return h;
}

int nshelper_socket(struct nshelper *h, int domain, int type, int protocol, int pair,
		    int fds[2])
{
	const struct sockserve_request r = { domain, type, protocol, pair };
	int ret;

	pthread_mutex_lock(&h->lock);
	ret = sockserve_ask(h->conn, &r, fds);
	pthread_mutex_unlock(&h->lock);
	return ret;
}

void nshelper_end(struct nshelper *h)
{
	close(h->conn);
	pthread_mutex_destroy(&h->lock);
	free(h);
}
