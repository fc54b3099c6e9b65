/*
 * The -vv report.  The filter stops bind, connect, sendto, sendmsg, listen
 * and accept only when -vv is given; a call is reported when its
 * descriptor is a socket whose stack (SIOCGSKNS) is not the caller's own,
 * that is, one mstack moved.  The line is begun at the call's seccomp stop
 * (the address may not outlive the call) and finished at its exit stop;
 * meanwhile the tracer serves everybody else, as the call may block
 * (accept, a blocking connect) until another traced thread acts.
 * Only the ptrace thread calls here: no lock.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "abi/systable.h"
#include "net/families.h"
#include "ptrace/memory.h"
#include "ptrace/tidmap.h"
#include "ptrace/tracee_fd.h"
#include "report/log.h"
#include "report/watch.h"

static bool on;
static struct tidmap waiting = TIDMAP_INIT;	/* lines begun, by thread */

void watch_init(bool want)
{
	on = want;
}

bool watch_on(void)
{
	return on;
}

bool watch_is_watched(const struct seccomp_data *d)
{
	const struct sys_row *r = systable_find(d->arch, d->nr);

	return r && r->serve == SERVE_WATCH;
}

/* True if descriptor @fd of @tid is a socket on a stack not its own. */
static bool moved(pid_t tid, int fd)
{
	char path[64];
	struct stat own, its;
	int copy, ns;
	bool ret = false;

	copy = tracee_fd_fetch(tid, fd);
	if (copy < 0)
		return false;
	ns = ioctl(copy, SIOCGSKNS);
	close(copy);
	if (ns < 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", tid);
	if (fstat(ns, &its) == 0 && stat(path, &own) == 0)
		ret = its.st_ino != own.st_ino || its.st_dev != own.st_dev;
	close(ns);
	return ret;
}

/*
 * Appends a unix socket's name of @len bytes: a path up to its NUL, an
 * abstract name (a leading NUL, shown as @) whole, quoted as strace does.
 */
static void put_sun_path(struct log_line *l, const char *path, size_t len)
{
	log_put(l, ", sun_path=");
	if (path[0]) {
		log_put_quoted(l, path, strnlen(path, len));
		return;
	}
	log_put(l, "@");
	log_put_quoted(l, path + 1, len - 1);
}

/* Appends the address @len bytes at @addr of @tid, strace-style. */
static void put_sockaddr(struct log_line *l, pid_t tid, uint64_t addr, uint64_t len)
{
	struct sockaddr_storage ss = { 0 };
	const struct sockaddr_in *in = (const void *)&ss;
	const struct sockaddr_in6 *in6 = (const void *)&ss;
	const struct sockaddr_un *un = (const void *)&ss;
	char text[INET6_ADDRSTRLEN];
	const char *family;

	if (!addr) {
		log_put(l, "NULL");
		return;
	}
	if (len > sizeof(ss))
		len = sizeof(ss);
	if (len < sizeof(sa_family_t) || memory_read(tid, addr, &ss, len) < 0) {
		log_put(l, "%#llx", (unsigned long long)addr);
		return;
	}
	family = family_name(ss.ss_family);
	log_put(l, "{sa_family=%s", family ? family : "?");
	if (ss.ss_family == AF_INET && len >= sizeof(*in))
		log_put(l, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")", ntohs(in->sin_port),
			inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text)));
	else if (ss.ss_family == AF_INET6 && len >= sizeof(*in6))
		log_put(l, ", sin6_port=htons(%u), sin6_addr=inet_pton(\"%s\")",
			ntohs(in6->sin6_port),
			inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text)));
	else if (ss.ss_family == AF_UNIX && len > sizeof(sa_family_t))
		put_sun_path(l, un->sun_path, len - sizeof(sa_family_t));
	log_put(l, "}");
}

/* Appends the call as strace prints it, up to the closing parenthesis. */
static void put_call(struct log_line *l, pid_t tid, const struct seccomp_data *d)
{
	const __u64 *a = d->args;
	const struct sys_row *r = systable_find(d->arch, d->nr);
	struct msghdr msg;

	switch (r->call) {
	case SC_bind:
	case SC_connect:
		log_put(l, "%s(%d, ", r->name, (int)a[0]);
		put_sockaddr(l, tid, a[1], a[2]);
		log_put(l, ", %u)", (unsigned int)a[2]);
		return;
	case SC_sendto:
		log_put(l, "sendto(%d, %#llx, %llu, %#x, ", (int)a[0], (unsigned long long)a[1],
			(unsigned long long)a[2], (unsigned int)a[3]);
		put_sockaddr(l, tid, a[4], a[5]);
		log_put(l, ", %u)", (unsigned int)a[5]);
		return;
	case SC_sendmsg:
		log_put(l, "sendmsg(%d, {msg_name=", (int)a[0]);
		if (memory_read(tid, a[1], &msg, sizeof(msg)) == 0)
			put_sockaddr(l, tid, (uintptr_t)msg.msg_name, msg.msg_namelen);
		else
			log_put(l, "?");
		log_put(l, ", ...}, %#x)", (unsigned int)a[2]);
		return;
	case SC_listen:
		log_put(l, "listen(%d, %d)", (int)a[0], (int)a[1]);
		return;
	default:	/* accept, accept4 */
		log_put(l, "%s(%d, ...)", r->name, (int)a[0]);
	}
}

void watch_serve(pid_t tid, const struct seccomp_data *d)
{
	struct log_line *l;

	if (!moved(tid, (int)d->args[0]) || !(l = calloc(1, sizeof(*l)))) {
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	log_begin(l, tid);
	put_call(l, tid, d);
	free(tidmap_take(&waiting, tid));
	if (tidmap_set(&waiting, tid, l) < 0) {
		free(l);
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	ptrace(PTRACE_SYSCALL, tid, 0, 0);	/* on to the exit stop */
}

void watch_exit(pid_t tid)
{
	struct log_line *l = tidmap_take(&waiting, tid);
	struct __ptrace_syscall_info info;

	if (l && ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(info), &info) > 0 &&
	    info.op == PTRACE_SYSCALL_INFO_EXIT) {
		log_put_result(l, (long)info.exit.rval);
		log_end(l);
	}
	free(l);
	ptrace(PTRACE_CONT, tid, 0, 0);
}

void watch_forget(pid_t tid)
{
	free(tidmap_take(&waiting, tid));
}

void watch_event(pid_t tid, const char *fmt, ...)
{
	struct log_line l = { .len = 0 };
	va_list ap;

	char text[PATH_MAX + 64];

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	log_begin(&l, tid);
	log_put(&l, "+++ ");
	log_put_name(&l, text);	/* an exec'd file's name may hold a newline */
	log_put(&l, " +++");
	log_end(&l);
}
