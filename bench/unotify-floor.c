/* unotify-floor: the least a seccomp user-notification supervisor costs.
 *
 *   unotify-floor COMMAND [ARG...]
 *
 * Runs COMMAND under a filter that sends every socket() to a listener and
 * serves it the way mstack's fast path does, minus everything else: one
 * thread, SECCOMP_IOCTL_NOTIF_RECV, socket() in the supervisor's own
 * namespace, SECCOMP_IOCTL_NOTIF_ADDFD with SECCOMP_ADDFD_FLAG_SEND. No
 * ptrace, no tables, no namespace switch. The difference between this and
 * `mstack STACK` is what mstack itself adds to a round trip; the difference
 * between this and native is the kernel's (two context switches and the
 * descriptor transfer). Exits with COMMAND's status.
 *
 * With UNOTIFY_SYNC=1 in the environment it asks for synchronous wake-ups
 * (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, Linux 6.6) and says whether it got them.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#define FLOOR_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FLOOR_ARCH AUDIT_ARCH_AARCH64
#else
#error "unotify-floor: unknown architecture"
#endif

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static void die(const char *what)
{
	fprintf(stderr, "unotify-floor: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Send descriptor fd over the unix socket s. */
static void send_fd(int s, int fd)
{
	char c = 0, buf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr m = { 0 };
	struct cmsghdr *cm;

	memset(buf, 0, sizeof buf);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = buf;
	m.msg_controllen = sizeof buf;
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	if (sendmsg(s, &m, 0) < 0)
		die("sendmsg");
}

static int recv_fd(int s)
{
	char c, buf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr m = { 0 };
	struct cmsghdr *cm;
	int fd;

	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = buf;
	m.msg_controllen = sizeof buf;
	if (recvmsg(s, &m, 0) <= 0)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	return fd;
}

int main(int argc, char **argv)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FLOOR_ARCH, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };
	struct seccomp_notif_sizes sizes;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	struct seccomp_notif_addfd addfd;
	struct pollfd pfd[2];
	int sv[2], listener, st, s;
	const char *sync = getenv("UNOTIFY_SYNC");
	pid_t child;

	if (argc < 2) {
		fprintf(stderr, "usage: unotify-floor COMMAND [ARG...]\n");
		return 2;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		die("socketpair");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		close(sv[0]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			die("prctl");
		listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
					SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
		if (listener < 0)
			die("seccomp");
		send_fd(sv[1], listener);
		close(listener);
		/* wait until the supervisor has the listener */
		if (read(sv[1], &st, 1) != 1)
			_exit(1);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "unotify-floor: %s: %s\n", argv[1], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(sv[1]);
	listener = recv_fd(sv[0]);
	if (listener < 0)
		die("receiving the listener");
	if (sync && *sync == '1') {
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
			  SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, 0) < 0)
			fprintf(stderr, "unotify-floor: no sync wake-ups: %s\n",
				strerror(errno));
	}
	if (write(sv[0], "g", 1) != 1)
		die("write");
	close(sv[0]);
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		die("SECCOMP_GET_NOTIF_SIZES");
	req = calloc(1, sizes.seccomp_notif);
	resp = calloc(1, sizes.seccomp_notif_resp);
	if (!req || !resp)
		die("calloc");
	/* until COMMAND exits (the workloads reap their own children) */
	pfd[0].fd = listener;
	pfd[0].events = POLLIN;
	pfd[1].fd = (int)syscall(SYS_pidfd_open, child, 0);
	pfd[1].events = POLLIN;
	if (pfd[1].fd < 0)
		die("pidfd_open");
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (pfd[1].revents || !(pfd[0].revents & POLLIN))
			break;	/* COMMAND exited, or no process uses the filter */
		memset(req, 0, sizes.seccomp_notif);
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
			continue;	/* ENOENT: the caller went away */
		s = socket((int)req->data.args[0], (int)req->data.args[1],
			   (int)req->data.args[2]);
		if (s >= 0) {
			memset(&addfd, 0, sizeof addfd);
			addfd.id = req->id;
			addfd.flags = SECCOMP_ADDFD_FLAG_SEND;
			addfd.srcfd = (unsigned)s;
			addfd.newfd_flags = (req->data.args[1] & SOCK_CLOEXEC) ? O_CLOEXEC : 0;
			if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) >= 0 ||
			    errno == ENOENT) {
				close(s);
				continue;
			}
			close(s);
		}
		memset(resp, 0, sizes.seccomp_notif_resp);
		resp->id = req->id;
		resp->error = -errno;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
	}
	while (waitpid(child, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	if (WIFSIGNALED(st)) {
		signal(WTERMSIG(st), SIG_DFL);
		kill(getpid(), WTERMSIG(st));
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
