/* Self-timing benchmark workloads for mstack.
 *
 * Every mode runs a fixed number of iterations, times itself with
 * CLOCK_MONOTONIC and prints one machine-readable line of key=value words
 * on stdout, e.g.
 *
 *   workload=socket iters=20000 calls=22001 ns_per_op=1834.2 ...
 *
 * Keys common to all modes:
 *   tracer_pid      TracerPid of this process, or where mstack holds no
 *                   process the tracer of its session (0: none)
 *   tracer_comm     the tracer's command name ("-" when not traced)
 *   tracer_hwm_kib  the tracer's peak RSS (VmHWM), read just before exit
 *   netns_cookie    SO_NETNS_COOKIE of a probe socket (socket modes only):
 *                   proves on which stack the sockets were created.
 *
 * Modes:
 *   socket  FAMILY N          N x (socket(FAMILY, SOCK_STREAM) + close)
 *   getppid N                 N x getppid()
 *   threads T K               T threads released at once, each K x
 *                             (socket(AF_INET) + close)
 *   procs   P K               P processes released at once, each K x
 *                             (socket(AF_INET) + close)
 *                             threads and procs first time a single-thread
 *                             loop of T*K/4 calls (single_ns_per_call), so
 *                             that the two figures come from the same run
 *   tcp-sink ADDR PORT        server: accept, read to EOF, reply with the
 *                             8-byte count, repeat (never returns)
 *   tcp-send ADDR PORT BYTES  client: send BYTES, wait for the reply
 *   cookie                    print the netns cookie of an AF_INET socket
 *
 * FAMILY is inet, inet6 or unix.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "session.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#define CHUNKS 10

static const char *progname = "workload";

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static long parse_count(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0)
		die("bad %s: %s", what, s);
	return v;
}

static int parse_family(const char *s)
{
	if (!strcmp(s, "inet"))
		return AF_INET;
	if (!strcmp(s, "inet6"))
		return AF_INET6;
	if (!strcmp(s, "unix"))
		return AF_UNIX;
	die("unknown family %s (inet, inet6, unix)", s);
	return -1;
}

/* The line of key=value words printed at the end. */
static char line[4096];
static size_t line_len;

static void put(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (line_len)
		line[line_len++] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(line + line_len, sizeof line - line_len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof line - line_len)
		die("result line too long");
	line_len += (size_t)n;
}

/* Value of "Key:" in /proc/PID/status, or -1. */
static long status_field(long pid, const char *key)
{
	char path[64], buf[256];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f;

	if (pid)
		snprintf(path, sizeof path, "/proc/%ld/status", pid);
	else
		snprintf(path, sizeof path, "/proc/self/status");
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(buf, sizeof buf, f))
		if (!strncmp(buf, key, klen) && buf[klen] == ':') {
			v = strtol(buf + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static long tracer_pid(void)
{
	long p = status_field(0, "TracerPid");

	if (p <= 0)
		p = session_tracer_find();
	return p < 0 ? 0 : p;
}

static long tracer_hwm_max = -1;

/* Sample the tracer's peak RSS; the largest sample is reported. */
static void sample_tracer(void)
{
	long tp = tracer_pid(), hwm;

	if (!tp)
		return;
	hwm = status_field(tp, "VmHWM");
	if (hwm > tracer_hwm_max)
		tracer_hwm_max = hwm;
}

static void put_tracer(void)
{
	long tp = tracer_pid();
	char path[64], comm[64] = "-";
	FILE *f;

	sample_tracer();
	if (tp) {
		snprintf(path, sizeof path, "/proc/%ld/comm", tp);
		f = fopen(path, "r");
		if (f) {
			if (fgets(comm, sizeof comm, f))
				comm[strcspn(comm, "\n ")] = 0;
			fclose(f);
		}
	}
	put("tracer_pid=%ld", tp);
	put("tracer_comm=%s", comm[0] ? comm : "-");
	if (tracer_hwm_max >= 0)
		put("tracer_hwm_kib=%ld", tracer_hwm_max);
	else
		put("tracer_hwm_kib=na");
}

static void finish(void)
{
	put_tracer();
	printf("%s\n", line);
	fflush(stdout);
}

static uint64_t cookie_of(int fd)
{
	uint64_t c = 0;
	socklen_t len = sizeof c;

	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &c, &len) < 0)
		die("getsockopt(SO_NETNS_COOKIE): %s", strerror(errno));
	return c;
}

/* One probe socket: on which stack do sockets of this family land? */
static void put_cookie(int family)
{
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket: %s", strerror(errno));
	put("netns_cookie=%" PRIu64, cookie_of(fd));
	close(fd);
}

static inline void one_socket(int family)
{
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket: %s", strerror(errno));
	close(fd);
}

/* --- socket / getppid loops ------------------------------------------ */

static void put_loop(uint64_t total, long n, const uint64_t *chunk, long per)
{
	uint64_t min = UINT64_MAX;
	int i;

	for (i = 0; i < CHUNKS; i++)
		if (chunk[i] < min)
			min = chunk[i];
	put("ns_per_op=%.1f", n ? (double)total / (double)n : 0.0);
	put("min_chunk_ns_per_op=%.1f", per ? (double)min / (double)per : 0.0);
	put("total_ns=%" PRIu64, total);
}

static void mode_socket(int family, const char *fname, long n)
{
	long per = n / CHUNKS, warm = n / 10, i;
	uint64_t chunk[CHUNKS], t0, t, total = 0;
	int c;

	put("workload=socket");
	put("family=%s", fname);
	put_cookie(family);
	for (i = 0; i < warm; i++)
		one_socket(family);
	for (c = 0; c < CHUNKS; c++) {
		t0 = now_ns();
		for (i = 0; i < per; i++)
			one_socket(family);
		t = now_ns() - t0;
		chunk[c] = t;
		total += t;
	}
	put("iters=%ld", per * CHUNKS);
	/* socket() calls made: probe + warm-up + timed */
	put("calls=%ld", 1 + warm + per * CHUNKS);
	put_loop(total, per * CHUNKS, chunk, per);
	finish();
}

static void mode_getppid(long n)
{
	long per = n / CHUNKS, warm = n / 10, i;
	uint64_t chunk[CHUNKS], t0, t, total = 0;
	volatile long sink = 0;
	int c;

	put("workload=getppid");
	for (i = 0; i < warm; i++)
		sink += syscall(SYS_getppid);
	for (c = 0; c < CHUNKS; c++) {
		t0 = now_ns();
		for (i = 0; i < per; i++)
			sink += syscall(SYS_getppid);
		t = now_ns() - t0;
		chunk[c] = t;
		total += t;
	}
	(void)sink;
	put("iters=%ld", per * CHUNKS);
	put("calls=0");
	put_loop(total, per * CHUNKS, chunk, per);
	finish();
}

/* The single-thread figure the scale workloads are compared with. */
static long single_calls;

/*
 * Reports a scale run of @n threads or processes (@unit) making @k sockets
 * each between @lo and @hi.
 */
static void put_scale(const char *unit, long n, long k, uint64_t lo, uint64_t hi)
{
	put("%s=%ld", unit, n);
	put("iters=%ld", n * k);
	put("calls=%ld", 1 + single_calls + n * k);
	put("wall_ns=%" PRIu64, hi - lo);
	put("ns_per_call=%.1f", (double)(hi - lo) / (double)(n * k));
	finish();
}

static void put_single(long calls)
{
	uint64_t t0, t;
	long i;

	if (calls < 100)
		calls = 100;
	for (i = 0; i < calls / 10; i++)
		one_socket(AF_INET);
	t0 = now_ns();
	for (i = 0; i < calls; i++)
		one_socket(AF_INET);
	t = now_ns() - t0;
	single_calls = calls + calls / 10;
	put("single_ns_per_call=%.1f", (double)t / (double)calls);
}

/* --- 64 threads ---------------------------------------------------------- */

struct thr {
	pthread_t id;
	long k;
	uint64_t t0, t1;
};

static pthread_barrier_t barrier;

static void *thread_main(void *arg)
{
	struct thr *t = arg;
	long i;

	pthread_barrier_wait(&barrier);
	t->t0 = now_ns();
	for (i = 0; i < t->k; i++)
		one_socket(AF_INET);
	t->t1 = now_ns();
	return NULL;
}

static void mode_threads(long nthr, long k)
{
	struct thr *t;
	uint64_t lo = UINT64_MAX, hi = 0;
	long i;
	int err;

	if (nthr < 1)
		die("need at least one thread");
	t = calloc((size_t)nthr, sizeof *t);
	if (!t)
		die("out of memory");
	put("workload=threads");
	put_cookie(AF_INET);
	put_single(nthr * k / 4);
	pthread_barrier_init(&barrier, NULL, (unsigned)nthr + 1);
	for (i = 0; i < nthr; i++) {
		t[i].k = k;
		err = pthread_create(&t[i].id, NULL, thread_main, &t[i]);
		if (err)
			die("pthread_create: %s", strerror(err));
	}
	pthread_barrier_wait(&barrier);
	for (i = 0; i < nthr; i++) {
		pthread_join(t[i].id, NULL);
		if (t[i].t0 < lo)
			lo = t[i].t0;
		if (t[i].t1 > hi)
			hi = t[i].t1;
	}
	put_scale("threads", nthr, k, lo, hi);
	free(t);
}

/* --- 200 processes ------------------------------------------------------- */

static int xread(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t r;

	while (len) {
		r = read(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static void mode_procs(long nproc, long k)
{
	int go[2], done[2], quit[2];
	uint64_t lo = UINT64_MAX, hi = 0, ts[2];
	pid_t *pids;
	long i, j;
	char c;
	int st, bad = 0;

	pids = calloc((size_t)nproc, sizeof *pids);
	if (!pids)
		die("out of memory");
	put("workload=procs");
	put_cookie(AF_INET);
	put_single(nproc * k / 4);
	if (pipe(go) || pipe(done) || pipe(quit))
		die("pipe: %s", strerror(errno));
	for (i = 0; i < nproc; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork: %s", strerror(errno));
		if (pids[i] == 0) {
			close(go[1]);
			close(done[0]);
			close(quit[1]);
			/* wait until the parent closes go[1]: all start at once */
			while (read(go[0], &c, 1) < 0 && errno == EINTR)
				;
			ts[0] = now_ns();
			for (j = 0; j < k; j++)
				one_socket(AF_INET);
			ts[1] = now_ns();
			/* 16 bytes < PIPE_BUF: atomic */
			if (write(done[1], ts, sizeof ts) != sizeof ts)
				_exit(3);
			/* stay alive until every process is done */
			while (read(quit[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
	}
	close(go[0]);
	close(done[1]);
	close(quit[0]);
	close(go[1]); /* release */
	for (i = 0; i < nproc; i++) {
		if (xread(done[0], ts, sizeof ts))
			die("a process died before it was done");
		if (ts[0] < lo)
			lo = ts[0];
		if (ts[1] > hi)
			hi = ts[1];
	}
	/* all processes are alive: the tracer's tables are at their largest */
	sample_tracer();
	close(quit[1]);
	for (i = 0; i < nproc; i++) {
		if (waitpid(pids[i], &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			bad++;
	}
	if (bad)
		die("%d processes failed", bad);
	put_scale("procs", nproc, k, lo, hi);
	free(pids);
}

/* --- TCP ------------------------------------------------------------------ */

#define TCP_BUF (256 * 1024)

static void fill_addr(struct sockaddr_in *sa, const char *addr, const char *port)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)parse_count(port, "port"));
	if (inet_pton(AF_INET, addr, &sa->sin_addr) != 1)
		die("bad IPv4 address %s", addr);
}

static void mode_tcp_sink(const char *addr, const char *port)
{
	static char buf[TCP_BUF];
	struct sockaddr_in sa;
	int ls, fd, one = 1;
	uint64_t count;
	ssize_t r;

	signal(SIGPIPE, SIG_IGN);
	fill_addr(&sa, addr, port);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0)
		die("socket: %s", strerror(errno));
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0)
		die("bind %s:%s: %s", addr, port, strerror(errno));
	if (listen(ls, 16) < 0)
		die("listen: %s", strerror(errno));
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		fd = accept(ls, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept: %s", strerror(errno));
		}
		count = 0;
		while ((r = read(fd, buf, sizeof buf)) > 0)
			count += (uint64_t)r;
		if (write(fd, &count, sizeof count) < 0)
			fprintf(stderr, "%s: reply: %s\n", progname, strerror(errno));
		close(fd);
	}
}

static void mode_tcp_send(const char *addr, const char *port, long bytes)
{
	static char buf[TCP_BUF];
	struct sockaddr_in sa, me;
	socklen_t mlen = sizeof me;
	char mine[INET_ADDRSTRLEN];
	uint64_t t0, t, got = 0;
	long left = bytes;
	ssize_t w;
	int fd;

	fill_addr(&sa, addr, port);
	memset(buf, 0x5a, sizeof buf);
	put("workload=tcp");
	t0 = now_ns();
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die("connect %s:%s: %s", addr, port, strerror(errno));
	while (left > 0) {
		w = write(fd, buf, left < TCP_BUF ? (size_t)left : TCP_BUF);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("write: %s", strerror(errno));
		}
		left -= w;
	}
	if (shutdown(fd, SHUT_WR) < 0)
		die("shutdown: %s", strerror(errno));
	if (xread(fd, &got, sizeof got))
		die("no reply from the sink");
	t = now_ns() - t0;
	if (got != (uint64_t)bytes)
		die("sink got %" PRIu64 " bytes of %ld", got, bytes);
	if (getsockname(fd, (struct sockaddr *)&me, &mlen) < 0 ||
	    !inet_ntop(AF_INET, &me.sin_addr, mine, sizeof mine))
		die("getsockname: %s", strerror(errno));
	put("netns_cookie=%" PRIu64, cookie_of(fd));
	close(fd);
	put("local=%s", mine);
	put("bytes=%ld", bytes);
	put("calls=1");
	put("total_ns=%" PRIu64, t);
	put("mib_per_s=%.1f", (double)bytes / 1048576.0 / ((double)t / 1e9));
	finish();
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s socket FAMILY N | getppid N | threads T K | procs P K\n"
		"       %s tcp-sink ADDR PORT | tcp-send ADDR PORT BYTES | cookie\n",
		progname, progname);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *m;

	if (argc < 2)
		usage();
	m = argv[1];
	if (!strcmp(m, "socket") && argc == 4)
		mode_socket(parse_family(argv[2]), argv[2],
			    parse_count(argv[3], "count"));
	else if (!strcmp(m, "getppid") && argc == 3)
		mode_getppid(parse_count(argv[2], "count"));
	else if (!strcmp(m, "threads") && argc == 4)
		mode_threads(parse_count(argv[2], "threads"),
			     parse_count(argv[3], "count"));
	else if (!strcmp(m, "procs") && argc == 4)
		mode_procs(parse_count(argv[2], "processes"),
			   parse_count(argv[3], "count"));
	else if (!strcmp(m, "tcp-sink") && argc == 4)
		mode_tcp_sink(argv[2], argv[3]);
	else if (!strcmp(m, "tcp-send") && argc == 5)
		mode_tcp_send(argv[2], argv[3], parse_count(argv[4], "bytes"));
	else if (!strcmp(m, "cookie") && argc == 2) {
		put("workload=cookie");
		put_cookie(AF_INET);
		finish();
	} else
		usage();
	return 0;
}
