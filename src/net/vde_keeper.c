/*
 * vde-keeper LOCATOR [CMD]...: the keeper of a VDE stack, the program
 * that calls libvdestack, run by mstack as the user with its channel as
 * VDE_KEEPER_FD (see vde_stack.h).
 * vde_addstack() clones a daemon into a new user and network namespace
 * that plugs a tap interface into the VDE network; the daemon shares
 * our memory and descriptors, makes sockets for vde_msocket() and runs
 * commands for vde_stackcmd().  Two of its failures are silent: a daemon
 * that cannot make its tap (an ordinary user needs /dev/net/tun open to
 * him: the new user namespace maps only his own uid) exits with a
 * perror(), and then vde_msocket() waits for an answer forever, as the
 * daemon's end of their pair lives on in the shared descriptor table.
 * So /dev/net/tun is tried first, and setup is bounded by SIGCHLD (the
 * daemon is our only child) and a timer, both without SA_RESTART.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vdestack.h>

#include "net/vde_stack.h"

#define SETUP_SECONDS 10

/* The slirp plugin's network (libslirp's defaults, as in QEMU). */
#define SLIRP_ADDR "10.0.2.15"
#define SLIRP_MASK "255.255.255.0"
#define SLIRP_GATEWAY "10.0.2.2"

/* Set by the handlers: the daemon ended; setup took too long. */
static volatile sig_atomic_t daemon_ended, timed_out;

static void on_signal(int sig)
{
	if (sig == SIGCHLD)
		daemon_ended = 1;
	else
		timed_out = 1;
}

/*
 * The stack once made, for answer(): the daemon shares our descriptor
 * table, so our exit does not close its end of their pair, and only
 * vde_delstack() ends it at once.
 */
static struct vdestack *made;

/* Sends @msg (setup's answer) on @chan, and ends the keeper unless it is "". */
static void answer(int chan, const char *msg)
{
	send(chan, msg, strlen(msg) + 1, MSG_NOSIGNAL);
	if (!*msg)
		return;
	if (made && !daemon_ended)
		vde_delstack(made);
	_exit(1);
}

static void __attribute__((format(printf, 2, 3))) refuse(int chan, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	answer(chan, msg);
}

/* Closes what else we inherited: only stdin, stdout, stderr and the channel stay. */
static void own_descriptors(void)
{
	if (close_range(VDE_KEEPER_FD + 1, ~0U, 0) < 0)
		for (int fd = VDE_KEEPER_FD + 1; fd < 1024; fd++)
			close(fd);	/* before Linux 5.9 */
}

/* Returns why the stack failed to answer, once setup is bounded. */
static const char *no_answer(void)
{
	if (daemon_ended)
		return "cannot make the interface";
	if (timed_out)
		return "the stack did not answer";
	return strerror(errno);
}

/* Brings the interface @name up through @fd; returns 0 or -errno. */
static int if_up(int fd, const char *name)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(fd, SIOCSIFFLAGS, &ifr) < 0 ? -errno : 0;
}

/* Fills @sa with the IPv4 address @text. */
static void ipv4(struct sockaddr *sa, const char *text)
{
	struct sockaddr_in *in = (struct sockaddr_in *)sa;

	in->sin_family = AF_INET;
	inet_pton(AF_INET, text, &in->sin_addr);
}

/*
 * Gives vde0 slirp's static configuration (what its DHCP server would
 * give the first client) through @fd; returns 0 or -errno.
 */
static int slirp_config(int fd)
{
	struct ifreq ifr = { 0 };
	struct rtentry rt = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), VDE_IFNAME);
	ipv4(&ifr.ifr_addr, SLIRP_ADDR);
	if (ioctl(fd, SIOCSIFADDR, &ifr) < 0)
		return -errno;
	ipv4(&ifr.ifr_netmask, SLIRP_MASK);
	if (ioctl(fd, SIOCSIFNETMASK, &ifr) < 0)
		return -errno;
	ipv4(&rt.rt_dst, "0.0.0.0");
	ipv4(&rt.rt_genmask, "0.0.0.0");
	ipv4(&rt.rt_gateway, SLIRP_GATEWAY);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	return ioctl(fd, SIOCADDRT, &rt) < 0 ? -errno : 0;
}

/*
 * Makes the stack and configures it: lo and vde0 up, slirp's addresses
 * for slirp://, then @cmds.  Refuses on @chan.
 */
static struct vdestack *make(int chan, const char *locator, char *const *cmds)
{
	struct vdestack *stack;
	int fd, ret;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		refuse(chan, "cannot make the interface: /dev/net/tun: %s", strerror(errno));
	close(fd);
	stack = vde_addstack((char *)locator, VDE_IFNAME);
	if (!stack)
		refuse(chan, "cannot join the network: %s", strerror(errno));
	made = stack;
	fd = vde_msocket(stack, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		refuse(chan, "%s", no_answer());
	ret = if_up(fd, "lo") ?: if_up(fd, VDE_IFNAME);
	if (ret < 0)
		refuse(chan, "cannot bring the interfaces up: %s", strerror(-ret));
	if (!strncmp(locator, "slirp://", 8)) {
		ret = slirp_config(fd);
		if (ret < 0)
			refuse(chan, "cannot configure vde0 for slirp: %s", strerror(-ret));
	}
	close(fd);
	for (; *cmds; cmds++) {
		if (**cmds != '/')	/* vde_stackcmd(3) runs it with execv(3) */
			refuse(chan, "--stack-cmd '%s': the command needs its full path", *cmds);
		ret = vde_stackcmd(stack, *cmds);
		if (ret < 0)
			refuse(chan, "--stack-cmd '%s': %s", *cmds, no_answer());
		if (ret)
			refuse(chan, "--stack-cmd '%s': exit status %d", *cmds, ret);
	}
	return stack;
}

/* Answers @r with a socket of @stack, or its errno. */
static void serve(int chan, struct vdestack *stack, const struct vde_request *r)
{
	char control[CMSG_SPACE(sizeof(int))] = { 0 };
	int fd = vde_msocket(stack, r->domain, r->type | SOCK_CLOEXEC, r->protocol);
	int err = fd < 0 ? errno : 0;
	struct iovec iov = { &err, sizeof(err) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (fd >= 0) {
		msg.msg_control = control;
		msg.msg_controllen = sizeof(control);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	sendmsg(chan, &msg, MSG_NOSIGNAL);
	if (fd >= 0)
		close(fd);
}

/* Points stdin, stdout and stderr (the daemon's too: shared) at /dev/null. */
static void quiet(void)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null < 0)
		return;
	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	dup2(null, STDERR_FILENO);
	close(null);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART */
	int type, chan = VDE_KEEPER_FD;
	socklen_t len = sizeof(type);
	struct vdestack *stack;
	struct vde_request r;

	if (argc < 2 || getsockopt(chan, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    type != SOCK_SEQPACKET) {
		fprintf(stderr, "usage: vde-keeper LOCATOR [CMD]... (run by mstack, "
			"its channel on descriptor %d)\n", VDE_KEEPER_FD);
		return 2;
	}
	fcntl(chan, F_SETFD, FD_CLOEXEC);	/* not for the daemon's commands */
	/* Out of the caller's process group: ^C there must not end the stack. */
	setsid();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	own_descriptors();
	alarm(SETUP_SECONDS);
	stack = make(chan, argv[1], argv + 2);
	alarm(0);
	quiet();
	answer(chan, "");
	while (!daemon_ended && recv(chan, &r, sizeof(r), 0) == sizeof(r))
		serve(chan, stack, &r);
	vde_delstack(stack);
	_exit(0);
}
