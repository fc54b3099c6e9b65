/*
 * hostile TEST [N]: timing that a tracer must survive; prints the outcome.
 *
 *   forkkill N  N times: a process forks and is killed with SIGKILL while
 *               its fork is being reported; each child makes an inet
 *               socket and prints "inet RESULT" (one line per child).
 *   starve N    4 threads loop on socketpair() while the main thread makes
 *               N fork+exit+wait cycles; prints "cycles N" and whether the
 *               busy threads made fewer than 1000 calls per cycle meanwhile.
 *   eintr N     N socket() calls under a 10 kHz SIGALRM whose handler has
 *               no SA_RESTART; prints how many failed with EINTR.
 *   sigrt N     another process queues N distinct SIGRTMIN values while the
 *               program makes socketpair()s (whose descriptor channel it
 *               closes each time); prints how many arrived exactly once.
 *   sigtrap N   another thread sends SIGTRAP N times, one at a time, while
 *               this one loops on socketpair(); prints how many arrived.
 *   jobstop N   N times: SIGSTOP a process whose thread loops on
 *               socketpair(); it must stop and make no call until SIGCONT.
 *   attachkill N  N times: a process whose 5 threads loop on socketpair()
 *               (each a call the tracer attaches for, where it holds no
 *               process) is killed with SIGKILL after 1 to 3 of them;
 *               prints "killed N".
 *
 * Where a thread is alone with its descriptors, its loop closes every
 * descriptor it made, the tracer's channel included, so that each
 * socketpair() injects several calls.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define BUSY_THREADS 4
#define CALLS_PER_CYCLE 1000	/* bound on busy calls per fork cycle */

static int first_fd;		/* the loops close from here */
static atomic_long *calls;	/* socketpair()s made (shared with a parent) */
static atomic_bool stop;
static atomic_long call_limit = LONG_MAX;	/* busy loops stop there */

/*
 * One socketpair(); then, if @all, every descriptor from first_fd is
 * closed (only a thread alone with its descriptors may do that).
 */
static void one_pair(bool all)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair: %s", strerror(errno));
	if (all) {
		close_from(first_fd);
	} else {
		close(sv[0]);
		close(sv[1]);
	}
	atomic_fetch_add(calls, 1);
}

/* Loops on one_pair(@all) until told to stop. */
static void *pair_loop(void *all)
{
	while (!atomic_load(&stop) && atomic_load(calls) < atomic_load(&call_limit))
		one_pair(all != NULL);
	return NULL;
}

/* Starts @n threads looping on pair_loop(@all). */
static void start_busy(pthread_t *t, int n, void *all)
{
	for (int i = 0; i < n; i++) {
		int err = pthread_create(&t[i], NULL, pair_loop, all);

		if (err)
			die("pthread_create: %s", strerror(err));
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Waits until the busy loops have made @n more calls. */
static void wait_calls(long n)
{
	long from = atomic_load(calls);

	while (atomic_load(calls) - from < n)
		sleep_ms(1);
}

/* State letter of thread @tid of @pid, '?' if gone. */
static char task_state(pid_t pid, const char *tid)
{
	char path[64], buf[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", pid, tid);
	f = fopen(path, "r");
	if (!f)
		return '?';
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	p = p ? strrchr(buf, ')') : NULL;
	return p && p[1] ? p[2] : '?';
}

/* True if every thread of @pid is stopped (T, or t under a tracer). */
static bool all_stopped(pid_t pid)
{
	char path[64];
	struct dirent *e;
	bool stopped = true;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		die("%s: %s", path, strerror(errno));
	while ((e = readdir(d))) {
		char s;

		if (e->d_name[0] == '.')
			continue;
		s = task_state(pid, e->d_name);
		stopped &= s == 'T' || s == 't';
	}
	closedir(d);
	return stopped;
}

/* Kills its parent with SIGKILL while the parent is in a tracing stop. */
static void killer(pid_t parent, int go)
{
	char tid[16], c;

	if (read(go, &c, 1) != 1)
		_exit(0);
	snprintf(tid, sizeof(tid), "%d", parent);
	for (;;) {
		char s = task_state(parent, tid);

		if (s == 't')
			kill(parent, SIGKILL);
		if (s == 't' || s == 'Z' || s == 'X' || s == '?')
			_exit(0);
	}
}

static void forkkill(long n)
{
	int out[2], go[2];
	char line[64];
	FILE *f;

	if (pipe(out) < 0)
		die("pipe: %s", strerror(errno));
	for (long i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0)
			die("fork: %s", strerror(errno));
		if (p == 0) {
			pid_t self = getpid();

			close(out[0]);
			if (pipe(go) < 0)
				die("pipe: %s", strerror(errno));
			if (fork() == 0)
				killer(self, go[0]);
			if (write(go[1], "x", 1) != 1)
				_exit(PROBE_ERROR);
			if (fork() == 0) {
				char res[64];
				int fd = socket(AF_INET, SOCK_DGRAM, 0);

				sock_text(fd, errno, res, sizeof(res));
				dprintf(out[1], "inet %s\n", res);
				_exit(0);
			}
			_exit(0);
		}
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close(out[1]);
	f = fdopen(out[0], "r");
	while (f && fgets(line, sizeof(line), f))
		fputs(line, stdout);
}

static void starve(long n)
{
	pthread_t t[BUSY_THREADS];
	long before, during;
	int done = 0;

	start_busy(t, BUSY_THREADS, NULL);
	wait_calls(BUSY_THREADS * 10);
	before = atomic_load(calls);
	/* Past the bound the outcome is known: no need to wait for more. */
	atomic_store(&call_limit, before + CALLS_PER_CYCLE * n);
	for (long i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0)
			die("fork: %s", strerror(errno));
		if (p == 0)
			_exit(0);
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
			;
		done++;
	}
	during = atomic_load(calls) - before;
	atomic_store(&stop, true);
	for (int i = 0; i < BUSY_THREADS; i++)
		pthread_join(t[i], NULL);
	printf("cycles %d\n", done);
	printf("busy calls per cycle below %d: %s\n", CALLS_PER_CYCLE,
	       during < CALLS_PER_CYCLE * n ? "yes" : "no");
	fprintf(stderr, "busy calls during %d cycles: %ld\n", done, during);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void eintr(long n)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	struct itimerval it = { { 0, 100 }, { 0, 100 } };
	long failed = 0, other = 0;

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (long i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_DGRAM, 0);

		if (fd >= 0)
			close(fd);
		else if (errno == EINTR)
			failed++;
		else
			other++;
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	printf("EINTR %ld\n", failed);
	printf("other errors %ld\n", other);
	printf("signals arrived: %s\n", alarms > 0 ? "yes" : "no");
	fprintf(stderr, "%ld signals\n", (long)alarms);
}

static unsigned char *seen;
static long nvalues;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	long v = si->si_value.sival_int;

	(void)sig;
	(void)uc;
	if (si->si_code == SI_QUEUE && v >= 0 && v < nvalues && seen[v] < 255)
		seen[v]++;
}

static void sigrt(long n)
{
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO | SA_RESTART };
	long once = 0, lost = 0, twice = 0;
	pid_t self = getpid(), sender;
	int status;

	nvalues = n;
	seen = calloc(n, 1);
	if (!seen)
		die("out of memory");
	sigaction(SIGRTMIN, &sa, NULL);
	sender = fork();
	if (sender < 0)
		die("fork: %s", strerror(errno));
	if (sender == 0) {
		for (long i = 0; i < n; i++) {
			union sigval v = { .sival_int = (int)i };

			while (sigqueue(self, SIGRTMIN, v) < 0) {
				if (errno != EAGAIN)
					die("sigqueue: %s", strerror(errno));
				sleep_ms(1);
			}
			/* Spread them over many calls, not one burst. */
			nanosleep(&(struct timespec){ 0, 20000 }, NULL);
		}
		_exit(0);
	}
	first_fd = lowest_free_fd();
	while (waitpid(sender, &status, WNOHANG) == 0)
		one_pair(true);
	one_pair(true);	/* anything still pending arrives on the way back */
	for (long i = 0; i < n; i++) {
		once += seen[i] == 1;
		lost += seen[i] == 0;
		twice += seen[i] > 1;
	}
	printf("values %ld, once %ld, lost %ld, more than once %ld\n", n, once, lost, twice);
}

static atomic_long traps;
static pid_t looper;

static void on_trap(int sig)
{
	(void)sig;
	atomic_fetch_add(&traps, 1);
}

static void *trapper(void *arg)
{
	long n = (long)arg;

	wait_calls(10);
	for (long i = 0; i < n; i++) {
		syscall(SYS_tgkill, getpid(), looper, SIGTRAP);
		/* A lost signal: give up after 5 s (a hang guard only). */
		for (int ms = 0; atomic_load(&traps) <= i && ms < 5000; ms++)
			sleep_ms(1);
		if (atomic_load(&traps) <= i)
			break;
		wait_calls(2);	/* the next one comes during another call */
	}
	atomic_store(&stop, true);
	return NULL;
}

static void sigtrap(long n)
{
	struct sigaction sa = { .sa_handler = on_trap, .sa_flags = SA_RESTART };
	pthread_t t;

	sigaction(SIGTRAP, &sa, NULL);
	looper = (pid_t)syscall(SYS_gettid);
	if (pthread_create(&t, NULL, trapper, (void *)n))
		die("pthread_create");
	pair_loop(&stop);
	pthread_join(t, NULL);
	printf("SIGTRAP sent %ld, arrived %ld\n", n, atomic_load(&traps));
}

static void jobstop(long n)
{
	long ok = 0, stopped_calls, escaped = 0;
	int status;
	pid_t p = fork();

	if (p < 0)
		die("fork: %s", strerror(errno));
	if (p == 0) {
		pthread_t t;

		/* The group stop starts in this thread while the other is served. */
		start_busy(&t, 1, &stop);
		pthread_join(t, NULL);
		_exit(0);
	}
	for (long i = 0; i < n; i++) {
		wait_calls(2);
		kill(p, SIGSTOP);
		if (waitpid(p, &status, WUNTRACED) != p || !WIFSTOPPED(status))
			die("no stop");
		stopped_calls = atomic_load(calls);
		sleep_ms(20);
		if (atomic_load(calls) == stopped_calls && all_stopped(p))
			ok++;
		else
			escaped++;
		kill(p, SIGCONT);
	}
	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
	printf("stops %ld, held %ld, escaped %ld\n", n, ok, escaped);
}

static void attachkill(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0)
			die("fork: %s", strerror(errno));
		if (p == 0) {
			pthread_t t[4];

			start_busy(t, 4, NULL);
			pair_loop(NULL);
			_exit(0);
		}
		wait_calls(1 + i % 3);
		kill(p, SIGKILL);
		if (waitpid(p, NULL, 0) != p)
			die("waitpid: %s", strerror(errno));
	}
	printf("killed %ld\n", n);
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0;

	if (argc != 3 || n < 1)
		die("usage: hostile forkkill|starve|eintr|sigrt|sigtrap|jobstop|attachkill N");
	calls = mmap(NULL, sizeof(*calls), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (calls == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	setvbuf(stdout, NULL, _IOLBF, 0);
	first_fd = lowest_free_fd();
	if (!strcmp(argv[1], "forkkill"))
		forkkill(n);
	else if (!strcmp(argv[1], "starve"))
		starve(n);
	else if (!strcmp(argv[1], "eintr"))
		eintr(n);
	else if (!strcmp(argv[1], "sigrt"))
		sigrt(n);
	else if (!strcmp(argv[1], "sigtrap"))
		sigtrap(n);
	else if (!strcmp(argv[1], "jobstop"))
		jobstop(n);
	else if (!strcmp(argv[1], "attachkill"))
		attachkill(n);
	else
		die("unknown test %s", argv[1]);
	return 0;
}
