/*
 * churn MODE ...: what programs can make the tracer allocate stays bounded.
 * Every call is the msocket virtual call (VUOS encoding).
 *
 *	churn spaces N THREADS FDS NETNS
 *		names N fresh network namespaces, one after another (each
 *		made by a child with unshare(CLONE_NEWNET), named as
 *		/proc/CHILD/ns/net), makes one IPv4 socket in each and
 *		closes it; prints "N namespaces: ok" (or the first failure),
 *		then whether the tracer ever had more than THREADS threads
 *		or more than FDS descriptors beyond those it had at the
 *		start, and whether it keeps more than NETNS network
 *		namespaces alive at the end (through a descriptor or a
 *		thread living there).
 *	churn flip N A B FAMILY
 *		N SOCK_DEFAULT changes of FAMILY, alternately to A and B;
 *		prints "N changes: ok" (or the first failure), where a
 *		FAMILY socket now goes, how many seccomp filters the
 *		changes added, and whether the tracer's resident memory
 *		grew by more than 1 MiB between change 1000 and the end.
 *	churn procs P K A B FAMILY
 *		P child processes one after another, each making K
 *		SOCK_DEFAULT changes of FAMILY, alternately to A and B,
 *		then exiting; prints "P processes: ok" (or the first
 *		failure) and whether the tracer's resident memory grew by
 *		more than 1 MiB between process 100 and the end.
 *	churn lineage K A B
 *		a lineage of processes: the process for family F (1 to
 *		AF_MAX - 1) changes the default of F K times, alternately
 *		to B and A (ending on A), then forks the process for F + 1;
 *		the last one prints "lineage: ok" (or the first failure),
 *		where its inet, inet6 and unix sockets go and how many
 *		filters the lineage added (at most one per family).
 *	churn mix STACKS THREADS N
 *		STACKS fresh namespaces (as for spaces); the process moves
 *		IPv4 to the first by default, then THREADS threads each make
 *		N IPv4 sockets, by turns in every namespace through msocket
 *		and by default; prints "mix: ok" if each socket is in the
 *		namespace it was asked for (its SO_NETNS_COOKIE against the
 *		one a thread that entered the namespace itself sees).
 *	churn full A
 *		fills the kernel's budget of seccomp filter instructions
 *		with filters of its own, then changes the default of IPv4
 *		(which the session moves) and of IPv6 (which it does not) to
 *		A, and prints each result and where both sockets then go.
 *
 * Measurements go to stderr.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "msprobe.h"
#include "vcall.h"

/* Returns the number after "@key" in /proc/@pid/status, or -1. */
static long status_field(pid_t pid, const char *key)
{
	char path[64], line[256];
	size_t n = strlen(key);
	long value = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		die("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			value = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return value;
}

static long open_fds(pid_t pid)
{
	char path[64];
	struct dirent *e;
	long n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	d = opendir(path);
	if (!d)
		die("%s: %s", path, strerror(errno));
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Adds the inode of network namespace link @path to @seen (of @n) if new. */
static void note_netns(const char *path, unsigned long *seen, int *n, int max)
{
	char target[64];
	ssize_t len = readlink(path, target, sizeof(target) - 1);
	unsigned long ino;

	if (len < 0)
		return;
	target[len] = 0;
	if (sscanf(target, "net:[%lu]", &ino) != 1)
		return;
	for (int i = 0; i < *n; i++)
		if (seen[i] == ino)
			return;
	if (*n < max)
		seen[(*n)++] = ino;
}

/* Returns how many network namespaces @pid's descriptors and threads hold. */
static int netns_held(pid_t pid)
{
	static unsigned long seen[4096];
	const char *dirs[] = { "fd", "task" };
	char path[320];
	struct dirent *e;
	int n = 0;

	for (int i = 0; i < 2; i++) {
		DIR *d;

		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, dirs[i]);
		d = opendir(path);
		if (!d)
			die("%s: %s", path, strerror(errno));
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/proc/%d/%s/%s%s", (int)pid, dirs[i],
				 e->d_name, i ? "/ns/net" : "");
			note_netns(path, seen, &n, 4096);
		}
		closedir(d);
	}
	return n;
}

/* A child alone in a new network namespace, waiting to be killed. */
static pid_t namespace_child(void)
{
	int ready[2];
	pid_t pid;
	char c;

	if (pipe(ready) < 0)
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		/* Gone with the probe, however it ends: nothing is left behind. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || unshare(CLONE_NEWNET) < 0)
			_exit(PROBE_ERROR);
		if (write(ready[1], "", 1) != 1)
			_exit(PROBE_ERROR);
		pause();
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		die("the namespace child failed");
	close(ready[0]);
	return pid;
}

static void spaces(int n, long max_threads, long max_fds, int max_netns)
{
	pid_t t = session_tracer();
	long fds0 = open_fds(t), threads = 0, fds = 0, v;
	int i;

	for (i = 0; i < n; i++) {
		pid_t child = namespace_child();
		char path[64];
		long fd;

		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)child);
		fd = vcall(VCALL_VUOS, path, AF_INET, SOCK_DGRAM, 0, 0);
		if (fd < 0) {
			printf("namespace %d: errno=%s\n", i + 1, errno_text(errno));
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
			break;
		}
		close((int)fd);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		v = status_field(t, "Threads");
		threads = v > threads ? v : threads;
		v = open_fds(t) - fds0;
		fds = v > fds ? v : fds;
	}
	if (i == n)
		printf("%d namespaces: ok\n", n);
	fprintf(stderr, "tracer: at most %ld threads, at most %ld more descriptors\n",
		threads, fds);
	printf("tracer threads at most %ld: %s\n", max_threads,
	       threads <= max_threads ? "yes" : "no");
	printf("tracer descriptors at most %ld more: %s\n", max_fds,
	       fds <= max_fds ? "yes" : "no");
	v = netns_held(t);
	fprintf(stderr, "tracer: %ld network namespaces held at the end\n", v);
	printf("tracer holds at most %d network namespaces: %s\n", max_netns,
	       v <= max_netns ? "yes" : "no");
}

/* SOCK_DEFAULT; returns 0, or prints the failure of @what and returns -1. */
static int set_default(const char *path, int family, const char *what, int i)
{
	if (vcall(VCALL_VUOS, path, family, VCALL_SOCK_DEFAULT, 0, 0) == 0)
		return 0;
	printf("%s %d: errno=%s\n", what, i, errno_text(errno));
	return -1;
}

static void where(const char *spec)
{
	char text[128];

	sock_spec(spec, text, sizeof(text));
	printf("%s\n", text);
}

static void flip(int n, const char *a, const char *b, const char *family)
{
	int f = family_by_name(family), i;
	long filters0 = status_field(getpid(), "Seccomp_filters"), rss0 = 0, grown;
	pid_t t = session_tracer();

	for (i = 0; i < n; i++) {
		if (set_default(i % 2 ? b : a, f, "change", i + 1) < 0)
			break;
		if (i + 1 == 1000)
			rss0 = status_field(t, "VmRSS");
	}
	if (i == n)
		printf("%d changes: ok\n", n);
	where(family);
	printf("filters added: %ld\n", status_field(getpid(), "Seccomp_filters") - filters0);
	grown = rss0 ? status_field(t, "VmRSS") - rss0 : 0;
	fprintf(stderr, "tracer VmRSS: %ld kB after 1000 changes, grew by %ld kB\n", rss0, grown);
	printf("tracer memory grew by at most 1024 kB: %s\n", grown <= 1024 ? "yes" : "no");
}

static void procs(int p, int k, const char *a, const char *b, const char *family)
{
	int f = family_by_name(family), i, status = 0;
	pid_t t = session_tracer();
	long rss0 = 0, grown;

	for (i = 0; i < p; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (!pid) {
			for (int j = 0; j < k; j++)
				if (set_default(j % 2 ? b : a, f, "process change", j + 1) < 0)
					_exit(1);
			_exit(0);
		}
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			break;
		if (i + 1 == 100)
			rss0 = status_field(t, "VmRSS");
	}
	if (i == p)
		printf("%d processes: ok\n", p);
	else
		printf("process %d failed\n", i + 1);
	grown = rss0 ? status_field(t, "VmRSS") - rss0 : 0;
	fprintf(stderr, "tracer VmRSS: %ld kB after 100 processes, grew by %ld kB\n", rss0, grown);
	printf("tracer memory grew by at most 1024 kB: %s\n", grown <= 1024 ? "yes" : "no");
}

static void lineage(int k, const char *a, const char *b)
{
	long filters0 = status_field(getpid(), "Seccomp_filters"), added;
	int status;

	for (int f = 1; f < AF_MAX; f++) {
		pid_t pid;

		for (int i = k - 1; i >= 0; i--)
			if (set_default(i % 2 ? b : a, f, "family", f) < 0)
				_exit(1);
		pid = fork();
		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (pid) {
			if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
				_exit(1);
			_exit(WEXITSTATUS(status));
		}
	}
	printf("lineage: ok\n");
	where("inet");
	where("inet6");
	where("unix");
	added = status_field(getpid(), "Seccomp_filters") - filters0;
	fprintf(stderr, "filters added by the lineage: %ld\n", added);
	printf("at most one filter added per family: %s\n", added <= AF_MAX - 1 ? "yes" : "no");
}

#define MIX_MAX 16

static struct {
	int stacks, n;
	char path[MIX_MAX][64];
	unsigned long long cookie[MIX_MAX];
} mix_world;

static unsigned long long cookie_of(int fd)
{
	unsigned long long c = 0;
	socklen_t len = sizeof(c);

	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &c, &len) < 0)
		return 0;
	return c;
}

/* Learns the cookie of namespace @arg (an index) natively: the thread enters it. */
static void *native_cookie(void *arg)
{
	long i = (long)arg;
	int ns = open(mix_world.path[i], O_RDONLY | O_CLOEXEC), fd;

	if (ns < 0 || setns(ns, CLONE_NEWNET) < 0)
		die("%s: %s", mix_world.path[i], strerror(errno));
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);	/* a family the session leaves alone */
	mix_world.cookie[i] = cookie_of(fd);
	close(fd);
	close(ns);
	return NULL;
}

/* One thread of mix: returns NULL, or a failure message. */
static void *mix_thread(void *arg)
{
	static char failure[128];
	long k = (long)arg;

	for (int i = 0; i < mix_world.n; i++) {
		int s = (int)((k + i) % (mix_world.stacks + 1)), fd;
		unsigned long long want = mix_world.cookie[s ? s - 1 : 0];

		fd = s ? (int)vcall(VCALL_VUOS, mix_world.path[s - 1], AF_INET, SOCK_DGRAM, 0, 0)
		       : socket(AF_INET, SOCK_DGRAM, 0);
		if (cookie_of(fd) != want) {
			snprintf(failure, sizeof(failure), "thread %ld, call %d (%s): %s", k, i,
				 s ? mix_world.path[s - 1] : "default",
				 fd < 0 ? errno_text(errno) : "wrong stack");
			return failure;
		}
		close(fd);
	}
	return NULL;
}

static void mix(int stacks, int threads, int n)
{
	pthread_t th[MIX_MAX];
	pid_t child[MIX_MAX];
	const char *failed = NULL;

	if (stacks < 1 || stacks > MIX_MAX || threads < 1 || threads > MIX_MAX)
		die("mix: 1 to %d stacks and threads", MIX_MAX);
	mix_world.stacks = stacks;
	mix_world.n = n;
	for (long i = 0; i < stacks; i++) {
		child[i] = namespace_child();
		snprintf(mix_world.path[i], sizeof(mix_world.path[i]), "/proc/%d/ns/net",
			 (int)child[i]);
		pthread_create(&th[0], NULL, native_cookie, (void *)i);
		pthread_join(th[0], NULL);
	}
	if (vcall(VCALL_VUOS, mix_world.path[0], AF_INET, VCALL_SOCK_DEFAULT, 0, 0) < 0)
		die("SOCK_DEFAULT: %s", errno_text(errno));
	for (long k = 0; k < threads; k++)
		if (pthread_create(&th[k], NULL, mix_thread, (void *)k))
			die("pthread_create");
	for (int k = 0; k < threads; k++) {
		void *ret;

		pthread_join(th[k], &ret);
		failed = failed ? failed : ret;
	}
	for (int i = 0; i < stacks; i++) {
		kill(child[i], SIGKILL);
		waitpid(child[i], NULL, 0);
	}
	printf("mix: %s\n", failed ? failed : "ok");
}

/* Prints "NAME default: ok" or "NAME default: errno=E". */
static void change(const char *path, int family, const char *name)
{
	long ret = vcall(VCALL_VUOS, path, family, VCALL_SOCK_DEFAULT, 0, 0);

	printf("%s default: %s%s\n", name, ret ? "errno=" : "ok", ret ? errno_text(errno) : "");
}

static void full(const char *a)
{
	fill_seccomp_filters();
	change(a, AF_INET, "inet");
	change(a, AF_INET6, "inet6");
	where("inet");
	where("inet6");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "spaces"))
		spaces(atoi(argv[2]), atol(argv[3]), atol(argv[4]), atoi(argv[5]));
	else if (argc == 6 && !strcmp(argv[1], "flip"))
		flip(atoi(argv[2]), argv[3], argv[4], argv[5]);
	else if (argc == 7 && !strcmp(argv[1], "procs"))
		procs(atoi(argv[2]), atoi(argv[3]), argv[4], argv[5], argv[6]);
	else if (argc == 5 && !strcmp(argv[1], "lineage"))
		lineage(atoi(argv[2]), argv[3], argv[4]);
	else if (argc == 3 && !strcmp(argv[1], "full"))
		full(argv[2]);
	else if (argc == 5 && !strcmp(argv[1], "mix"))
		mix(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
	else
		die("usage: churn spaces N THREADS FDS NETNS | flip N A B FAMILY | procs P K A B FAMILY | lineage K A B | full A | mix STACKS THREADS N");
	return 0;
}
