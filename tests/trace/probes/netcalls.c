/*
 * netcalls OP...: the calls that -vv reports, made in order.
 *
 *	tcp ADDR PORT		TCP client: socket, connect, read one line
 *	listen ADDR PORT	socket, bind, listen(5); two more sockets
 *				connect to it, taken with accept, then accept4
 *	udp ADDR PORT		socket(AF_INET[6], SOCK_DGRAM, 0), sendto and
 *				sendmsg of "ping" to ADDR PORT
 *	unix NAME		the same as listen, once, for AF_UNIX NAME
 *				("@name": abstract)
 *	connects K ADDR PORT	one UDP socket, K connect() calls
 *	accept-child ADDR PORT	listen, then wait in accept() for a child
 *				process that connects once it sees its
 *				parent asleep in accept() (5 s at most)
 *	pair			socketpair(AF_UNIX, SOCK_STREAM, 0)
 *	thread			a thread that does nothing, joined
 *	fork-exit N		a child that executes this program with
 *				"exit N"
 *	fork-kill		a child that kills itself with SIGTERM
 *	exit N			exit with status N at once
 *	wait LOGFILE		from now on, before reaping a child, wait
 *				(10 s at most) until LOGFILE has the line of
 *				its end, so that mstack can still name it
 *
 * Prints one line per OP; ADDR is IPv4 or IPv6.  Sockets are closed at
 * the end of their OP, so each OP starts at the same descriptor.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "common.h"

static const char *logfile;

static socklen_t addr_of(const char *addr, const char *port, struct sockaddr_storage *ss)
{
	return make_addr(strchr(addr, ':') ? "tcp6" : "tcp", addr, port, ss);
}

static int sock(int family, int type)
{
	struct timeval tv = { 5, 0 };
	int fd = socket(family, type, 0), one = 1;

	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return fd;
}

static void tcp(const char *addr, const char *port)
{
	struct sockaddr_storage ss;
	socklen_t len = addr_of(addr, port, &ss);
	char buf[256];
	ssize_t n;
	int fd = sock(ss.ss_family, SOCK_STREAM);

	if (connect(fd, (struct sockaddr *)&ss, len)) {
		printf("tcp %s %s: connect errno=%s\n", addr, port, errno_name(errno));
	} else {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		printf("tcp %s %s: %s\n", addr, port, n < 0 ? "read failed" : buf);
	}
	close(fd);
}

/* Listens on @ss, connects @rounds clients, accepts them (accept, accept4). */
static void serve(const char *what, struct sockaddr_storage *ss, socklen_t len, int rounds)
{
	int l = sock(ss->ss_family, SOCK_STREAM), c[2], a[2], i;

	if (bind(l, (struct sockaddr *)ss, len))
		die("%s: bind: %s", what, strerror(errno));
	if (listen(l, 5))
		die("%s: listen: %s", what, strerror(errno));
	for (i = 0; i < rounds; i++) {
		c[i] = sock(ss->ss_family, SOCK_STREAM);
		if (connect(c[i], (struct sockaddr *)ss, len))
			die("%s: connect: %s", what, strerror(errno));
		/* The connection is queued: accept does not block. */
		a[i] = i ? accept4(l, NULL, NULL, SOCK_CLOEXEC) : accept(l, NULL, NULL);
		if (a[i] < 0)
			die("%s: accept: %s", what, strerror(errno));
	}
	printf("%s: accepted %d\n", what, rounds);
	for (i = 0; i < rounds; i++) {
		close(c[i]);
		close(a[i]);
	}
	close(l);
}

static void udp(const char *addr, const char *port)
{
	struct sockaddr_storage ss;
	socklen_t len = addr_of(addr, port, &ss);
	struct iovec iov = { .iov_base = "ping", .iov_len = 4 };
	struct msghdr msg = { .msg_name = &ss, .msg_namelen = len, .msg_iov = &iov,
			      .msg_iovlen = 1 };
	int fd = sock(ss.ss_family, SOCK_DGRAM);

	if (sendto(fd, "ping", 4, 0, (struct sockaddr *)&ss, len) != 4)
		die("sendto: %s", strerror(errno));
	if (sendmsg(fd, &msg, 0) != 4)
		die("sendmsg: %s", strerror(errno));
	printf("udp %s %s: sent 2\n", addr, port);
	close(fd);
}

static void connects(int k, const char *addr, const char *port)
{
	struct sockaddr_storage ss;
	socklen_t len = addr_of(addr, port, &ss);
	int fd = sock(ss.ss_family, SOCK_DGRAM), i;

	for (i = 0; i < k; i++)
		if (connect(fd, (struct sockaddr *)&ss, len))
			die("connect: %s", strerror(errno));
	printf("connects %d\n", k);
	close(fd);
}

/* Is process @pid asleep in accept()? */
static int in_accept(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	int nr = -1, asleep = 0;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	f = fopen(path, "re");
	if (f) {
		if (fscanf(f, "%d", &nr) != 1)
			nr = -1;
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (f) {
		if (fgets(buf, sizeof(buf), f)) {
			p = strrchr(buf, ')');
			asleep = p && p[1] == ' ' && p[2] == 'S';
		}
		fclose(f);
	}
	return nr == SYS_accept && asleep;
}

static void accept_child(const char *addr, const char *port)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct sockaddr_storage ss;
	socklen_t len = addr_of(addr, port, &ss);
	int l = socket(ss.ss_family, SOCK_STREAM, 0), one = 1, a, st;
	pid_t pid;

	/* No receive timeout: accept() waits as long as it takes. */
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (l < 0 || bind(l, (struct sockaddr *)&ss, len) || listen(l, 5))
		die("accept-child: bind/listen: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int c;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(l);
		for (int n = 0; n < 500 && !in_accept(getppid()); n++)
			nanosleep(&tick, NULL);
		nanosleep(&tick, NULL);
		c = sock(ss.ss_family, SOCK_STREAM);
		_exit(connect(c, (struct sockaddr *)&ss, len) ? 1 : 0);
	}
	a = accept(l, NULL, NULL);	/* blocks until the child connects */
	if (a < 0)
		die("accept: %s", strerror(errno));
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid: %s", strerror(errno));
	printf("accept-child: accepted, child %s\n",
	       WIFEXITED(st) && !WEXITSTATUS(st) ? "connected" : "failed");
	close(a);
	close(l);
}

static void *idle(void *arg)
{
	*(pid_t *)arg = (pid_t)syscall(SYS_gettid);
	return NULL;
}

static void thread(void)
{
	pthread_t t;
	pid_t tid = 0;
	int err = pthread_create(&t, NULL, idle, &tid);

	if (err)
		die("pthread_create: %s", strerror(err));
	pthread_join(t, NULL);
	printf("thread %d\n", tid);
}

/* Does @logfile have the line of @pid's end? */
static int ended(pid_t pid)
{
	char line[1024], who[32];
	FILE *f = fopen(logfile, "re");
	int found = 0;

	if (!f)
		return 0;
	snprintf(who, sizeof(who), " %d/%d ", pid, pid);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, who) &&
			(strstr(line, "+++ exited with ") || strstr(line, "+++ killed by "));
	fclose(f);
	return found;
}

static void reap(pid_t pid, const char *what)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	siginfo_t si;
	int st, i;

	/* A zombie keeps its /proc entry, where mstack reads its name. */
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT))
		die("waitid: %s", strerror(errno));
	for (i = 0; logfile && i < 500 && !ended(pid); i++)
		nanosleep(&tick, NULL);
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid: %s", strerror(errno));
	if (WIFEXITED(st))
		printf("%s %d: exit %d\n", what, pid, WEXITSTATUS(st));
	else
		printf("%s %d: signal %s\n", what, pid, sigabbrev_np(WTERMSIG(st)) ?: "?");
}

static void fork_exit(const char *status)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid;

	if (n < 0)
		die("readlink: %s", strerror(errno));
	self[n] = '\0';
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		execl(self, "netcalls", "exit", status, (char *)NULL);
		_exit(PROBE_ERROR);
	}
	printf("exe %s\n", self);
	reap(pid, "fork-exit");
}

static void fork_kill(void)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		kill(getpid(), SIGTERM);
		_exit(PROBE_ERROR);
	}
	reap(pid, "fork-kill");
}

/* OP argv[@i] needs @n arguments. */
static void need(int argc, char **argv, int i, int n)
{
	if (i + n >= argc)
		die("%s: missing arguments", argv[i]);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int i = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	while (i < argc) {
		const char *op = argv[i];

		if (!strcmp(op, "tcp")) {
			need(argc, argv, i, 2);
			tcp(argv[i + 1], argv[i + 2]);
			i += 3;
		} else if (!strcmp(op, "listen")) {
			need(argc, argv, i, 2);
			len = addr_of(argv[i + 1], argv[i + 2], &ss);
			serve("listen", &ss, len, 2);
			i += 3;
		} else if (!strcmp(op, "udp")) {
			need(argc, argv, i, 2);
			udp(argv[i + 1], argv[i + 2]);
			i += 3;
		} else if (!strcmp(op, "unix")) {
			need(argc, argv, i, 1);
			len = make_addr("unix", argv[i + 1], NULL, &ss);
			serve("unix", &ss, len, 1);
			i += 2;
		} else if (!strcmp(op, "connects")) {
			need(argc, argv, i, 3);
			connects(atoi(argv[i + 1]), argv[i + 2], argv[i + 3]);
			i += 4;
		} else if (!strcmp(op, "accept-child")) {
			need(argc, argv, i, 2);
			accept_child(argv[i + 1], argv[i + 2]);
			i += 3;
		} else if (!strcmp(op, "pair")) {
			int sv[2];

			if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
				die("socketpair: %s", strerror(errno));
			printf("pair: [%d, %d]\n", sv[0], sv[1]);
			close(sv[0]);
			close(sv[1]);
			i++;
		} else if (!strcmp(op, "thread")) {
			thread();
			i++;
		} else if (!strcmp(op, "fork-exit")) {
			need(argc, argv, i, 1);
			fork_exit(argv[i + 1]);
			i += 2;
		} else if (!strcmp(op, "fork-kill")) {
			fork_kill();
			i++;
		} else if (!strcmp(op, "exit")) {
			need(argc, argv, i, 1);
			fflush(stdout);
			_exit(atoi(argv[i + 1]));
		} else if (!strcmp(op, "wait")) {
			need(argc, argv, i, 1);
			logfile = argv[i + 1];
			i += 2;
		} else {
			die("unknown op %s", op);
		}
	}
	return 0;
}
