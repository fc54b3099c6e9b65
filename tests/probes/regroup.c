/*
 * regroup TOGGLES GID: threads whose groups change while sockets are made
 * all around.  The probe drops its supplementary groups, makes an inet
 * socket and prints its line ("inet RESULT", as sockprobe).  Then PROCS
 * processes (it and its children) each run TOGGLERS threads that give
 * themselves, by the raw setgroups() (the calling thread's alone),
 * alternately the groups {GID+1, GID} and {GID+1}, TOGGLES times each,
 * making an ICMP "ping" socket (SOCK_DGRAM, IPPROTO_ICMP) after each
 * change, and BUSY threads, whose groups stay empty, that make inet and
 * ping sockets without pause until the togglers are done.  The test lets
 * GID alone make ping sockets (net.ipv4.ping_group_range), so a ping
 * socket must succeed exactly when its thread has GID at that moment,
 * and fail with EACCES otherwise; a socket made must have the first
 * one's SO_NETNS_COOKIE.  Prints "N toggles: M wrong", N the togglers'
 * changes in all, M the sockets that were not as they must be (the first
 * few also on stderr).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define PROCS 3
#define TOGGLERS 2
#define BUSY 2
#define SHOWN 10	/* wrong sockets told on stderr, per process */
#define MAX_TOLD 90	/* wrong sockets a child's exit status tells, at most */

static unsigned long toggles;
static gid_t gid;
static uint64_t cookie;		/* of the first socket */
static atomic_int wrong;
static atomic_bool done;

/*
 * Makes an inet socket of @type and @protocol, which must succeed if
 * @allowed and fail with EACCES otherwise; counts it in @wrong if not.
 * @who and @i say which it was.
 */
static void try(int type, int protocol, bool allowed, const char *who, unsigned long i)
{
	int fd = socket(AF_INET, type, protocol), err = errno;
	socklen_t len = sizeof(uint64_t);
	uint64_t c = 0;
	bool ok;

	if (fd >= 0) {
		if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &c, &len))
			die("SO_NETNS_COOKIE: %s", strerror(errno));
		close(fd);
	}
	ok = fd >= 0 ? allowed && c == cookie : !allowed && err == EACCES;
	if (!ok && atomic_fetch_add(&wrong, 1) < SHOWN)
		fprintf(stderr, "regroup: %d: %s %lu: %s%s, group %u %s\n", getpid(), who, i,
			fd >= 0 ? "a socket" : errno_name(err),
			fd >= 0 && c != cookie ? " on another stack" : "",
			(unsigned)gid, allowed ? "held" : "not held");
}

static void *toggler(void *arg)
{
	gid_t with[2] = { gid + 1, gid };

	(void)arg;
	for (unsigned long i = 0; i < toggles; i++) {
		bool allowed = !(i & 1);

		if (syscall(SYS_setgroups, allowed ? 2 : 1, with))
			die("setgroups: %s", strerror(errno));
		try(SOCK_DGRAM, IPPROTO_ICMP, allowed, "toggle", i);
	}
	return NULL;
}

static void *busy(void *arg)
{
	(void)arg;
	for (unsigned long i = 0; !atomic_load(&done); i++) {
		try(SOCK_STREAM, 0, true, "busy", i);
		try(SOCK_DGRAM, IPPROTO_ICMP, false, "busy", i);
	}
	return NULL;
}

/* Runs this process's threads until the togglers are done; returns @wrong. */
static int run(void)
{
	pthread_t t[TOGGLERS + BUSY];
	int err;

	for (int i = 0; i < TOGGLERS + BUSY; i++) {
		err = pthread_create(&t[i], NULL, i < BUSY ? busy : toggler, NULL);
		if (err)
			die("pthread_create: %s", strerror(err));
	}
	for (int i = BUSY; i < TOGGLERS + BUSY; i++)
		pthread_join(t[i], NULL);
	atomic_store(&done, true);
	for (int i = 0; i < BUSY; i++)
		pthread_join(t[i], NULL);
	return atomic_load(&wrong);
}

/* Makes the first socket, prints its line and keeps its cookie. */
static void first_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), err = errno;
	socklen_t len = sizeof(cookie);
	char text[64];

	if (fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len))
		die("SO_NETNS_COOKIE: %s", strerror(errno));
	sock_text(fd, err, text, sizeof(text));
	printf("inet %s\n", text);
	fflush(stdout);
	if (fd < 0)
		exit(0);
	close(fd);
}

int main(int argc, char **argv)
{
	pid_t kids[PROCS - 1];
	int total, status;

	if (argc != 3)
		die("usage: regroup TOGGLES GID");
	toggles = strtoul(argv[1], NULL, 10);
	gid = (gid_t)strtoul(argv[2], NULL, 10);
	if (setgroups(0, NULL))
		die("setgroups: %s", strerror(errno));
	first_socket();
	for (int i = 0; i < PROCS - 1; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			die("fork: %s", strerror(errno));
		if (kids[i] == 0) {
			total = run();
			_exit(total > MAX_TOLD ? MAX_TOLD : total);
		}
	}
	total = run();
	for (int i = 0; i < PROCS - 1; i++) {
		if (waitpid(kids[i], &status, 0) != kids[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) > MAX_TOLD)
			die("a child failed");
		total += WEXITSTATUS(status);
	}
	printf("%lu toggles: %d wrong\n", PROCS * TOGGLERS * toggles, total);
	return 0;
}
