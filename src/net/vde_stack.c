/*
 * The session's side of a VDE stack.  libvdestack's stack is a child
 * process that shares its creator's memory and descriptor table
 * (clone(2) with CLONE_VM | CLONE_FILES), so it is made by a keeper
 * program of its own rather than in the tracer, whose threads close,
 * renumber and pass descriptors: the tracer asks the keeper for sockets
 * over a SEQPACKET pair and receives them with SCM_RIGHTS.  The keeper
 * is a grandchild, so that COMMAND (this very process, once exec'd)
 * never has it as a child; it ends when the last copy of the channel
 * is closed, that is with the tracer.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/vde_stack.h"

/* One request at a time on a keeper's channel: the replies carry no id. */
static pthread_mutex_t channel_lock = PTHREAD_MUTEX_INITIALIZER;

#ifdef HAVE_VDESTACK
/* Executes the keeper with @chan as VDE_KEEPER_FD, or says why not on @chan. */
static void __attribute__((noreturn)) run_keeper(int chan, const char *locator,
						  char *const *cmds)
{
	const char *keeper = getenv(VDE_KEEPER_ENV);
	size_t n = 0;
	char **argv, why[512];

	if (!keeper || !*keeper)
		keeper = VDE_KEEPER;
	while (cmds[n])
		n++;
	argv = calloc(n + 3, sizeof(*argv));	/* vde-keeper LOCATOR CMD... NULL */
	if (argv) {
		argv[0] = "vde-keeper";
		argv[1] = (char *)locator;
		memcpy(argv + 2, cmds, n * sizeof(*argv));
	}
	/* dup2() clears FD_CLOEXEC on the copy; on @chan itself, clear it. */
	if (argv && (chan == VDE_KEEPER_FD ? fcntl(chan, F_SETFD, 0) == 0 :
		     dup2(chan, VDE_KEEPER_FD) == VDE_KEEPER_FD))
		execv(keeper, argv);
	snprintf(why, sizeof(why), "cannot run %s: %s", keeper, strerror(errno));
	send(chan, why, strlen(why) + 1, MSG_NOSIGNAL);
	_exit(1);
}

/* Starts the keeper as a grandchild; returns our end of its channel, or -errno. */
static int start_keeper(const char *locator, char *const *cmds)
{
	int ch[2], status, err;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ch) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(ch[0]);
		if (fork() == 0)
			run_keeper(ch[1], locator, cmds);
		_exit(0);
	}
	err = errno;
	close(ch[1]);
	if (pid < 0) {
		close(ch[0]);
		return -err;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return ch[0];
}

struct stack *vde_stack_open(const char *locator, char *const *cmds, char *why, size_t len)
{
	struct stack *s;
	ssize_t n;
	int chan = start_keeper(locator, cmds);

	if (chan < 0) {
		snprintf(why, len, "cannot start the stack: %s", strerror(-chan));
		return NULL;
	}
	n = recv(chan, why, len - 1, 0);
	if (n != 1 || why[0]) {
		if (n <= 0)
			snprintf(why, len, "the stack ended while it was being made");
		else
			why[n] = '\0';
		close(chan);
		return NULL;
	}
	s = stack_new(STACK_VDE, chan, locator);
	if (!s) {
		snprintf(why, len, "%s", strerror(errno));
		close(chan);
	}
	return s;
}
#else
struct stack *vde_stack_open(const char *locator, char *const *cmds, char *why, size_t len)
{
	snprintf(why, len, "this mstack was built without VDE support (see mstack --version)");
	return NULL;
}
#endif

/* Returns 1 with the descriptor that came with the reply on @chan in *@fd, or -errno. */
static int receive_socket(int chan, int *fd)
{
	char control[CMSG_SPACE(sizeof(int))];
	int err;
	struct iovec iov = { &err, sizeof(err) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *c;
	ssize_t n = recvmsg(chan, &msg, MSG_CMSG_CLOEXEC);

	if (n != sizeof(err))
		return -ENETDOWN;
	if (err)
		return -err;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -ENETDOWN;
	memcpy(fd, CMSG_DATA(c), sizeof(int));
	return 1;
}

int vde_stack_socket(const struct stack *s, int domain, int type, int protocol, int *fd)
{
	struct vde_request r = { domain, type, protocol };
	int ret = -ENETDOWN;

	pthread_mutex_lock(&channel_lock);
	if (send(s->nsfd, &r, sizeof(r), MSG_NOSIGNAL) == sizeof(r))
		ret = receive_socket(s->nsfd, fd);
	pthread_mutex_unlock(&channel_lock);
	return ret;
}
