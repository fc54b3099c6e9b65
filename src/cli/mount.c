/*
 * A mounted stack's server.  One process answers every requester, one
 * request at a time: the stack's own server (the helper of new, the
 * keeper of a VDE stack) answers one at a time anyway, and a poll(2)
 * loop needs no locks.  The socket is bound and listening under a
 * temporary name first, then linked to PATH: the file appears ready to
 * connect to, and link(2) refuses an existing PATH atomically.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "cli/mount.h"
#include "net/mounted.h"
#include "net/nshelper.h"
#include "net/sockserve.h"
#include "net/stack.h"
#include "net/stack_name.h"
#include "net/vde_stack.h"
#include "policy/served.h"

/* poll(2) slots before the requesters'. */
enum { SLOT_SIGNAL, SLOT_STACK, SLOT_LISTENER, SLOTS };

struct mount {
	const char *path;
	struct stack *s;
	int nsfd;		/* the stack's namespace, for the greeting */
	struct stat bound;	/* PATH as we made it */
	struct pollfd *p;
	nfds_t n, cap;
};

/* The maker: sockets from the stack's own server. */
static int make(void *arg, const struct sockserve_request *r, int fds[2])
{
	struct stack *s = arg;

	if (s->kind == STACK_SERVED)
		return nshelper_socket(s->helper, r->domain, r->type, r->protocol, r->pair, fds);
	/* A connected pair reaches no network: made here, as resident.c does. */
	if (r->pair)
		return socketpair(r->domain, r->type | SOCK_CLOEXEC, r->protocol, fds) < 0 ?
		       -errno : 2;
	return vde_stack_socket(s, r->domain, r->type, r->protocol, fds);
}

/*
 * Returns the namespace of the VDE stack @s, from a socket made there
 * (SIOCGSKNS, sock_ioctl(); its creator owns it), or -errno.
 */
static int vde_namespace(struct stack *s)
{
	int sock, ns;

	if (vde_stack_socket(s, AF_INET, SOCK_DGRAM, 0, &sock) < 0)
		return -ENETDOWN;
	ns = ioctl(sock, SIOCGSKNS);
	if (ns < 0)
		ns = -errno;
	close(sock);
	return ns;
}

/* Makes the stack of @o into @m. Returns 0, or -1 having said why. */
static int make_stack(const struct options *o, struct mount *m)
{
	char why[512];
	int ret;

	if (stack_name_vde(o->stack)) {
		m->s = vde_stack_open(o->stack, o->stack_cmds, why, sizeof(why));
		if (!m->s) {
			fprintf(stderr, "mstack: %s: %s\n", o->stack, why);
			return -1;
		}
		m->nsfd = vde_namespace(m->s);
		ret = m->nsfd < 0 ? m->nsfd : 0;
	} else {
		m->s = stack_new(STACK_SERVED, -1, o->stack);
		ret = m->s ? served_fresh(m->s) : -errno;
		m->nsfd = m->s ? m->s->nsfd : -1;
	}
	if (ret < 0)
		fprintf(stderr, "mstack: %s: %s\n", o->stack, strerror(-ret));
	return ret < 0 ? -1 : 0;
}

/* Returns a socket listening at @path, or -errno.  Owner-only: umask. */
static int listen_at(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd, err = 0;
	mode_t old;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, SOMAXCONN) < 0)
		err = -errno;
	umask(old);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* Whether @path is a socket nobody listens on any more. */
static bool stale(const char *path)
{
	int fd;

	if (!mounted_is(path))
		return false;
	fd = mounted_connect(path);
	if (fd >= 0)
		close(fd);
	return fd == -ECONNREFUSED;
}

/*
 * Publishes a listening socket at @m->path, replacing a stale mounted
 * stack.  Returns the socket, or -errno.
 */
static int publish(struct mount *m)
{
	char tmp[PATH_MAX];
	int fd, ret;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%d", m->path, (int)getpid()) >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = listen_at(tmp);
	if (fd < 0)
		return fd;
	ret = link(tmp, m->path);
	if (ret < 0 && errno == EEXIST && stale(m->path) && unlink(m->path) == 0)
		ret = link(tmp, m->path);
	if (ret == 0)
		ret = stat(m->path, &m->bound);
	if (ret < 0)
		ret = -errno;
	unlink(tmp);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	return fd;
}

/* Removes @m->path if it is still the socket we made. */
static void unpublish(const struct mount *m)
{
	struct stat st;

	if (lstat(m->path, &st) == 0 && st.st_dev == m->bound.st_dev &&
	    st.st_ino == m->bound.st_ino)
		unlink(m->path);
}

/* Adds @fd to the polled descriptors. Returns 0 or -ENOMEM. */
static int watch(struct mount *m, int fd, short events)
{
	struct pollfd *p = m->p;

	if (m->n == m->cap) {
		p = realloc(m->p, (m->cap * 2 + SLOTS) * sizeof(*p));
		if (!p)
			return -ENOMEM;
		m->p = p;
		m->cap = m->cap * 2 + SLOTS;
	}
	m->p[m->n++] = (struct pollfd){ .fd = fd, .events = events };
	return 0;
}

/* Accepts and greets a requester. */
static void accept_one(struct mount *m, int listener)
{
	int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);

	if (conn < 0)
		return;
	if (mounted_greet(conn, m->nsfd) < 0 || watch(m, conn, POLLIN) < 0)
		close(conn);
}

/* Serves until a signal or the stack's end. Returns the exit status. */
static int serve(struct mount *m, int verbose)
{
	for (;;) {
		if (poll(m->p, m->n, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("mstack: poll");
			return EXIT_STACK;
		}
		if (m->p[SLOT_SIGNAL].revents) {
			if (verbose)
				fprintf(stderr, "mstack: %s: unmounted\n", m->path);
			return 0;
		}
		if (m->p[SLOT_STACK].revents) {
			fprintf(stderr, "mstack: %s: the stack has ended\n", m->s->name);
			return EXIT_STACK;
		}
		if (m->p[SLOT_LISTENER].revents)
			accept_one(m, m->p[SLOT_LISTENER].fd);
		for (nfds_t i = SLOTS; i < m->n; i++) {
			if (!m->p[i].revents || sockserve_answer(m->p[i].fd, make, m->s) == 0)
				continue;
			close(m->p[i].fd);	/* the requester has gone */
			m->p[i--] = m->p[--m->n];
		}
	}
}

/* Returns a signalfd for the signals that end the mount, blocked; or -1. */
static int end_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

int mount_main(const struct options *o)
{
	struct mount m = { .path = o->mount_path, .nsfd = -1 };
	int sig = end_signals(), listener, ret = EXIT_STACK;

	if (sig < 0) {
		perror("mstack: signalfd");
		return EXIT_STACK;
	}
	if (make_stack(o, &m) < 0)
		return EXIT_STACK;
	listener = publish(&m);
	if (listener < 0) {
		fprintf(stderr, "mstack: %s: %s\n", m.path, strerror(-listener));
		goto out;
	}
	if (watch(&m, sig, POLLIN) < 0 ||
	    watch(&m, m.s->helper ? m.s->helper->conn : m.s->nsfd, 0) < 0 ||
	    watch(&m, listener, POLLIN) < 0) {
		fprintf(stderr, "mstack: %s\n", strerror(ENOMEM));
		goto unpublish;
	}
	if (o->verbose)
		fprintf(stderr, "mstack: %s: serving %s\n", m.path, o->stack);
	ret = serve(&m, o->verbose);
unpublish:
	unpublish(&m);
out:
	return ret;
}
