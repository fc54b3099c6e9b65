/*
 * Verbose output, strace-style.  Each line is formatted in memory and
 * written with one write(2), so lines from concurrent threads never mix.
 *
 * Locking: @thread_names_lock protects @thread_names, what the report
 * calls each thread; the ptrace thread and the notification threads log, and the
 * ptrace thread adds and forgets threads.  The rest is set once before
 * any other thread starts, or lives on the caller's stack.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "abi/arch.h"
#include "abi/systable.h"
#include "net/families.h"
#include "net/msocket_nr.h"
#include "net/stack.h"
#include "report/log.h"
#include "report/sockargs.h"
#include "ptrace/procfs.h"
#include "ptrace/tidmap.h"

#define line log_line
#define put log_put

static int log_fd = STDERR_FILENO;
static bool calls;

/* A thread's group and last known name, for when it is gone from /proc. */
struct name {
	pid_t tgid;
	char comm[16];
};

static struct tidmap thread_names = TIDMAP_INIT;
static pthread_mutex_t thread_names_lock = PTHREAD_MUTEX_INITIALIZER;

void log_init(int fd, bool on)
{
	log_fd = fd;
	calls = on;
}

bool log_on(void)
{
	return calls;
}

void log_vput(struct line *l, const char *fmt, va_list ap)
{
	int n;

	if (l->len >= sizeof(l->buf))
		return;
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	if (n > 0)
		l->len += (size_t)n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

void log_put(struct line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vput(l, fmt, ap);
	va_end(ap);
}

void log_end(struct line *l)
{
	put(l, "\n");
	if (l->buf[l->len - 1] != '\n')
		l->buf[l->len - 1] = '\n';
	if (write(log_fd, l->buf, l->len) < 0)
		return;	/* nowhere left to complain */
}

/*
 * Appends the @len bytes at @s as strace prints a string: printable ASCII
 * as it is; \\, \f, \n, \r, \t, \v, and \" if @quoted (then between
 * double quotes); any other byte in octal, as short as the next byte
 * allows. A name from the program can then never end a line early.
 */
static void put_escaped(struct line *l, const char *s, size_t len, bool quoted)
{
	static const char simple[] = "\f\n\r\t\v", letter[] = "fnrtv";
	const unsigned char *u = (const unsigned char *)s;
	char out[4 * 256 + 3], *o;
	size_t i = 0;

	if (quoted)
		put(l, "\"");
	while (i < len) {
		for (o = out; i < len && o < out + sizeof(out) - 5; i++) {
			const char *e = u[i] ? strchr(simple, u[i]) : NULL;
			bool next_octal = i + 1 < len && u[i + 1] >= '0' && u[i + 1] <= '7';

			if (u[i] == '\\' || (quoted && u[i] == '"')) {
				*o++ = '\\';
				*o++ = (char)u[i];
			} else if (u[i] >= ' ' && u[i] < 0x7f) {
				*o++ = (char)u[i];
			} else if (e) {
				*o++ = '\\';
				*o++ = letter[e - simple];
			} else {
				*o++ = '\\';
				if (u[i] >> 6 || next_octal)
					*o++ = (char)('0' + (u[i] >> 6));
				if (u[i] >> 3 || next_octal)
					*o++ = (char)('0' + ((u[i] >> 3) & 7));
				*o++ = (char)('0' + (u[i] & 7));
			}
		}
		put(l, "%.*s", (int)(o - out), out);
	}
	if (quoted)
		put(l, "\"");
}

void log_put_quoted(struct line *l, const char *s, size_t len)
{
	put_escaped(l, s, len, true);
}

void log_put_name(struct line *l, const char *s)
{
	put_escaped(l, s, strlen(s), false);
}

static void put_family(struct line *l, int family)
{
	char b[SOCKARGS_MAX];

	put(l, "%s", sockargs_family(b, sizeof(b), family));
}

static void put_type(struct line *l, int type)
{
	char b[SOCKARGS_MAX];

	put(l, "%s", sockargs_type(b, sizeof(b), type));
}

static void put_protocol(struct line *l, int family, int protocol)
{
	char b[SOCKARGS_MAX];

	put(l, "%s", sockargs_protocol(b, sizeof(b), family, protocol));
}

/* Keeps @tgid and @comm as what the report calls @tid. */
static void keep(pid_t tid, pid_t tgid, const char comm[16])
{
	struct name *e = malloc(sizeof(*e)), *old;

	if (!e)
		return;
	e->tgid = tgid;
	memcpy(e->comm, comm, sizeof(e->comm));
	pthread_mutex_lock(&thread_names_lock);
	old = tidmap_get(&thread_names, tid);
	if (tidmap_set(&thread_names, tid, e) < 0)
		old = e;	/* no room: the old one stays */
	pthread_mutex_unlock(&thread_names_lock);
	free(old);
}

/*
 * Returns @tid's thread group (@tid itself if unknown).  @comm is the name
 * just read from /proc if @fresh (it is kept for later), else it receives
 * the last name kept.
 */
static pid_t describe(pid_t tid, char comm[16], bool fresh)
{
	struct name *e;
	pid_t tgid = 0;

	pthread_mutex_lock(&thread_names_lock);
	e = tidmap_get(&thread_names, tid);
	if (e) {
		tgid = e->tgid;
		if (fresh)
			memcpy(e->comm, comm, sizeof(e->comm));
		else if (e->comm[0])
			memcpy(comm, e->comm, sizeof(e->comm));
	}
	pthread_mutex_unlock(&thread_names_lock);
	if (e)
		return tgid;
	tgid = fresh ? procfs_tgid(tid) : 0;
	if (!tgid)
		return tid;
	keep(tid, tgid, comm);
	return tgid;
}

/* Returns @tid's thread group, its name in @comm ("?" if unknown). */
static pid_t name_of(pid_t tid, char comm[16])
{
	ssize_t n = procfs_read(tid, "comm", comm, 16);

	if (n > 0)
		comm[comm[n - 1] == '\n' ? n - 1 : n] = '\0';
	else
		strcpy(comm, "?");
	return describe(tid, comm, n > 0);
}

void log_adopt(pid_t parent, pid_t child, bool thread)
{
	char comm[16];
	pid_t tgid;

	if (!calls)
		return;
	tgid = name_of(parent, comm);
	keep(child, thread ? tgid : child, comm);
}

void log_forget(pid_t tid)
{
	pthread_mutex_lock(&thread_names_lock);
	free(tidmap_take(&thread_names, tid));
	pthread_mutex_unlock(&thread_names_lock);
}

/* "mstack: TGID/TID NAME: "; a thread gone from /proc keeps its last name. */
void log_begin(struct line *l, pid_t tid)
{
	char comm[16];
	pid_t tgid = name_of(tid, comm);

	put(l, "mstack: %d/%d ", tgid, tid);
	log_put_name(l, comm);
	put(l, ": ");
}

void log_put_result(struct line *l, long result)
{
	/* The kernel's restart codes, seen at the exit of an interrupted call. */
	static const char *const restart[] = {
		"ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD",
		"ERESTART_RESTARTBLOCK",
	};

	if (result <= -512 && result >= -516) {
		put(l, " = ? %s (To be restarted)", restart[-result - 512]);
		return;
	}
	if (result >= 0) {
		put(l, " = %ld", result);
		return;
	}
	put(l, " = -1 %s (%s)", strerrorname_np((int)-result) ?: "E???",
	    strerror((int)-result));
}

/* "socket(", "msocket[pivot_root](\"/run/netns/x\", " ... */
static void put_call(struct line *l, const struct sockcall *c)
{
	if (c->kind != CALL_MSOCKET) {
		put(l, "%s(", c->kind == CALL_SOCKETPAIR ? "socketpair" : "socket");
		return;
	}
	put(l, "msocket[%s](", systable_find(ARCH_AUDIT, c->encoding)->name);
	if (c->path) {
		log_put_quoted(l, c->path, strlen(c->path));
		put(l, ", ");
	} else
		put(l, "NULL, ");
}

/* socketpair()'s protocol, a plain number, and its array or address. */
static void put_pair_end(struct line *l, const struct sockcall *c, long result,
			 const int fds[2])
{
	put(l, "%u, ", (unsigned int)c->protocol);
	if (result == 0)
		put(l, "[%d, %d]", fds[0], fds[1]);
	else if (c->sv)
		put(l, "%#llx", (unsigned long long)c->sv);
	else
		put(l, "NULL");
}

void log_call(const struct sockcall *c, long result, const int fds[2], const char *note)
{
	struct line l = { .len = 0 };

	log_begin(&l, c->tid);
	put_call(&l, c);
	put_family(&l, c->domain);
	put(&l, ", ");
	if (c->kind == CALL_MSOCKET && c->type == MSOCKET_SOCK_DEFAULT)
		put(&l, "SOCK_DEFAULT");
	else
		put_type(&l, c->type);
	put(&l, ", ");
	if (c->kind == CALL_SOCKETPAIR)
		put_pair_end(&l, c, result, fds);
	else
		put_protocol(&l, c->domain, c->protocol);
	put(&l, ")");
	/* Handed back to the kernel: we do not see its result (msocket's we make). */
	if (c->own_netns && c->kind != CALL_MSOCKET && result >= 0)
		put(&l, " = ?");
	else
		log_put_result(&l, result);
	put(&l, " [stack ");
	log_put_name(&l, c->own_netns ? "own" : c->stack ? c->stack->name : "?");
	put(&l, ", %s%s%s]", c->why, note ? ": " : "", note ? note : "");
	if (c->backtrace)
		put(&l, "\n%.*s", (int)strlen(c->backtrace) - 1, c->backtrace);
	log_end(&l);
}

void log_problem(const char *fmt, ...)
{
	struct line l = { .len = 0 };
	va_list ap;

	put(&l, "mstack: ");
	va_start(ap, fmt);
	log_vput(&l, fmt, ap);
	va_end(ap);
	log_end(&l);
}
