/*
 * Verbose output, strace-style.  Each line is formatted in memory and
 * written with one write(2), so lines from concurrent threads never mix.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <linux/if_ether.h>
#include <unistd.h>

#include "families.h"
#include "log.h"
#include "procfs.h"
#include "tracee.h"
#include "tracer.h"

#define line log_line
#define put log_put

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
	if (write(tracer_cfg.log_fd, l->buf, l->len) < 0)
		return;	/* nowhere left to complain */
}

static void put_family(struct line *l, int family)
{
	const char *name = family_name(family);

	if (name)
		put(l, "%s", name);
	else
		put(l, "%d", family);
}

static void put_type(struct line *l, int type)
{
	static const char *const names[] = {
		[SOCK_STREAM] = "SOCK_STREAM", [SOCK_DGRAM] = "SOCK_DGRAM",
		[SOCK_RAW] = "SOCK_RAW", [SOCK_RDM] = "SOCK_RDM",
		[SOCK_SEQPACKET] = "SOCK_SEQPACKET", [SOCK_DCCP] = "SOCK_DCCP",
		[SOCK_PACKET] = "SOCK_PACKET",
	};
	int base = type & 0xf, rest = type & ~0xf & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (base < (int)(sizeof(names) / sizeof(names[0])) && names[base])
		put(l, "%s", names[base]);
	else
		put(l, "%#x /* SOCK_??? */", base);
	if (type & SOCK_NONBLOCK)
		put(l, "|SOCK_NONBLOCK");
	if (type & SOCK_CLOEXEC)
		put(l, "|SOCK_CLOEXEC");
	if (rest)
		put(l, "|%#x", rest);
}

struct named { int value; const char *name; };

static const struct named inet_protocols[] = {
	{ IPPROTO_IP, "IPPROTO_IP" }, { IPPROTO_ICMP, "IPPROTO_ICMP" },
	{ IPPROTO_TCP, "IPPROTO_TCP" }, { IPPROTO_UDP, "IPPROTO_UDP" },
	{ IPPROTO_IPV6, "IPPROTO_IPV6" }, { IPPROTO_ICMPV6, "IPPROTO_ICMPV6" },
	{ IPPROTO_SCTP, "IPPROTO_SCTP" }, { IPPROTO_UDPLITE, "IPPROTO_UDPLITE" },
	{ IPPROTO_RAW, "IPPROTO_RAW" }, { IPPROTO_MPTCP, "IPPROTO_MPTCP" },
	{ -1, NULL },
};

static const struct named netlink_protocols[] = {
	{ NETLINK_ROUTE, "NETLINK_ROUTE" }, { NETLINK_SOCK_DIAG, "NETLINK_SOCK_DIAG" },
	{ NETLINK_AUDIT, "NETLINK_AUDIT" }, { NETLINK_NETFILTER, "NETLINK_NETFILTER" },
	{ NETLINK_KOBJECT_UEVENT, "NETLINK_KOBJECT_UEVENT" },
	{ NETLINK_GENERIC, "NETLINK_GENERIC" },
	{ -1, NULL },
};

static void put_protocol(struct line *l, int family, int protocol)
{
	const struct named *n = NULL;

	if (family == AF_INET || family == AF_INET6)
		n = inet_protocols;
	else if (family == AF_NETLINK)
		n = netlink_protocols;
	else if (family == AF_PACKET && protocol == htons(ETH_P_ALL)) {
		put(l, "htons(ETH_P_ALL)");
		return;
	}
	for (; n && n->name; n++) {
		if (n->value == protocol) {
			put(l, "%s", n->name);
			return;
		}
	}
	put(l, "%d", protocol);
}

/* "mstack: TGID/TID NAME: "; a thread gone from /proc keeps its last name. */
void log_begin(struct line *l, pid_t tid)
{
	char comm[16] = "?";
	ssize_t n = procfs_read(tid, "comm", comm, sizeof(comm));
	pid_t tgid;

	if (n > 0)
		comm[comm[n - 1] == '\n' ? n - 1 : n] = '\0';
	tgid = tracee_describe(tid, comm, n > 0);
	put(l, "mstack: %d/%d %s: ", tgid, tid, comm);
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
	put(l, "msocket[%s](", c->encoding == __NR_pivot_root ? "pivot_root" :
	    c->encoding == __NR__sysctl ? "_sysctl" : "vuos");
	if (c->path)
		put(l, "\"%s\", ", c->path);
	else
		put(l, "NULL, ");
}

void log_call(const struct sockcall *c, long result, const int fds[2], const char *note)
{
	struct line l = { .len = 0 };

	log_begin(&l, c->tid);
	put_call(&l, c);
	put_family(&l, c->domain);
	put(&l, ", ");
	if (c->kind == CALL_MSOCKET && c->type == 0)
		put(&l, "SOCK_DEFAULT");
	else
		put_type(&l, c->type);
	put(&l, ", ");
	put_protocol(&l, c->domain, c->protocol);
	if (c->kind == CALL_SOCKETPAIR) {
		if (result == 0)
			put(&l, ", [%d, %d]", fds[0], fds[1]);
		else
			put(&l, ", %#llx", (unsigned long long)c->sv);
	}
	put(&l, ")");
	log_put_result(&l, result);
	put(&l, " [stack %s, %s%s%s]", c->stack ? c->stack->name : "?", c->why,
	    note ? ": " : "", note ? note : "");
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
