/* Shared helpers of the test probes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>
#include <stddef.h>

#include "common.h"
#include "session.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(PROBE_ERROR);
}

static const struct {
	int err;
	const char *name;
} errnos[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EINVAL, "EINVAL" }, { ENFILE, "ENFILE" }, { EMFILE, "EMFILE" },
	{ ENOSYS, "ENOSYS" }, { ENOTSOCK, "ENOTSOCK" },
	{ EPROTOTYPE, "EPROTOTYPE" }, { ENOPROTOOPT, "ENOPROTOOPT" },
	{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
	{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EADDRINUSE, "EADDRINUSE" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { ENETUNREACH, "ENETUNREACH" },
	{ ECONNREFUSED, "ECONNREFUSED" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ EHOSTUNREACH, "EHOSTUNREACH" }, { ENOTSUP, "ENOTSUP" },
};

const char *errno_name(int err)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].err == err)
			return errnos[i].name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

static const struct {
	int family;
	const char *name;
	const char *text;
} families[] = {
	{ AF_UNIX, "unix", "AF_UNIX" },
	{ AF_INET, "inet", "AF_INET" },
	{ AF_INET6, "inet6", "AF_INET6" },
	{ AF_NETLINK, "netlink", "AF_NETLINK" },
	{ AF_PACKET, "packet", "AF_PACKET" },
};

static long number(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 0);
	if (errno || !*s || *end)
		die("not a number: %s", s);
	return n;
}

int family_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(families[i].name, name))
			return families[i].family;
	return number(name);
}

const char *family_text(int family)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].family == family)
			return families[i].text;
	snprintf(buf, sizeof(buf), "%d", family);
	return buf;
}

static const struct {
	int type;
	const char *name;
	const char *text;
} types[] = {
	{ SOCK_STREAM, "stream", "SOCK_STREAM" },
	{ SOCK_DGRAM, "dgram", "SOCK_DGRAM" },
	{ SOCK_RAW, "raw", "SOCK_RAW" },
	{ SOCK_SEQPACKET, "seqpacket", "SOCK_SEQPACKET" },
};

int type_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i].name, name))
			return types[i].type;
	return number(name);
}

const char *type_text(int type)
{
	static char buf[64];
	const char *base = NULL;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == (type & 0xf))
			base = types[i].text;
	if (!base || (type & ~(0xf | SOCK_CLOEXEC | SOCK_NONBLOCK))) {
		snprintf(buf, sizeof(buf), "%#x", type);
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s%s%s", base,
		 type & SOCK_CLOEXEC ? "|SOCK_CLOEXEC" : "",
		 type & SOCK_NONBLOCK ? "|SOCK_NONBLOCK" : "");
	return buf;
}

void sock_text(int fd, int err, char *buf, size_t len)
{
	uint64_t cookie;
	socklen_t clen = sizeof(cookie);

	if (fd < 0) {
		snprintf(buf, len, "errno=%s", errno_name(err));
		return;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &clen))
		snprintf(buf, len, "cookie-errno=%s", errno_name(errno));
	else
		snprintf(buf, len, "cookie=%llu", (unsigned long long)cookie);
}

/* Does a byte written at one end of a pair come out of the other? */
static int pair_works(int *sv)
{
	char c = 0;

	return write(sv[0], "x", 1) == 1 &&
	       recv(sv[1], &c, 1, MSG_DONTWAIT) == 1 && c == 'x';
}

int sock_spec_parse(const char *spec, int *family, int *type, int *protocol)
{
	char copy[128], *fam, *typ, *proto;
	int pair = 0;

	if (snprintf(copy, sizeof(copy), "%s", spec) >= (int)sizeof(copy))
		die("spec too long: %s", spec);
	fam = copy;
	if (!strncmp(fam, "pair:", 5)) {
		pair = 1;
		fam += 5;
	}
	typ = strchr(fam, ':');
	if (typ)
		*typ++ = '\0';
	proto = typ ? strchr(typ, ':') : NULL;
	*protocol = 0;
	if (proto) {
		*proto++ = '\0';
		*protocol = number(proto);
	}
	*family = family_by_name(fam);
	if (typ)
		*type = type_by_name(typ);
	else if (*family == AF_NETLINK || *family == AF_PACKET)
		*type = SOCK_RAW;
	else
		*type = SOCK_STREAM;
	return pair;
}

void sock_spec(const char *spec, char *buf, size_t len)
{
	char a[64], b[64];
	int family, type, protocol, sv[2];
	int pair = sock_spec_parse(spec, &family, &type, &protocol);

	if (pair) {
		if (socketpair(family, type, protocol, sv)) {
			sock_text(-1, errno, a, sizeof(a));
			snprintf(buf, len, "%s %s", spec, a);
			return;
		}
		sock_text(sv[0], 0, a, sizeof(a));
		sock_text(sv[1], 0, b, sizeof(b));
		snprintf(buf, len, "%s %s %s%s", spec, a, b,
			 pair_works(sv) ? "" : " (not connected)");
		close(sv[0]);
		close(sv[1]);
		return;
	}
	sv[0] = socket(family, type, protocol);
	sock_text(sv[0], errno, a, sizeof(a));
	snprintf(buf, len, "%s %s", spec, a);
	if (sv[0] >= 0)
		close(sv[0]);
}

void sock_specs(int argc, char **argv)
{
	char line[256];
	int i;

	for (i = 0; i < argc; i++) {
		sock_spec(argv[i], line, sizeof(line));
		printf("%s\n", line);
	}
	fflush(stdout);
}

void probe_path(const char *name, char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		die("readlink /proc/self/exe: %s", strerror(errno));
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		die("odd /proc/self/exe: %s", self);
	*slash = '\0';
	if (snprintf(buf, len, "%s/%s", self, name) >= (int)len)
		die("path too long");
}

int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd < 0)
		die("open /dev/null: %s", strerror(errno));
	close(fd);
	return fd;
}

void close_from(int fd)
{
	if (syscall(SYS_close_range, fd, ~0U, 0) == 0)
		return;
	for (; fd < 4096; fd++)
		close(fd);
}

/* Address of a server: tcp|tcp6 ADDR PORT, or unix PATH ("@name" abstract). */
socklen_t make_addr(const char *kind, const char *addr, const char *port,
		    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_un *sun = (struct sockaddr_un *)ss;
	size_t len;

	memset(ss, 0, sizeof(*ss));
	if (!strcmp(kind, "tcp")) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(atoi(port));
		if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1)
			die("bad address %s", addr);
		return sizeof(*sin);
	}
	if (!strcmp(kind, "tcp6")) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(atoi(port));
		if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) != 1)
			die("bad address %s", addr);
		return sizeof(*sin6);
	}
	if (strcmp(kind, "unix"))
		die("unknown kind %s", kind);
	sun->sun_family = AF_UNIX;
	len = strlen(addr);
	if (len >= sizeof(sun->sun_path))
		die("path too long");
	memcpy(sun->sun_path, addr, len);
	if (addr[0] == '@')
		sun->sun_path[0] = '\0';
	else
		len++;
	return offsetof(struct sockaddr_un, sun_path) + len;
}

void become_uid(const char *arg)
{
	long uid = strtol(arg, NULL, 10);

	if (setgroups(0, NULL) || setgid((gid_t)uid) || setuid((uid_t)uid))
		die("setuid %ld: %s", uid, strerror(errno));
}

int uid_option(int argc, char **argv, const char *usage)
{
	int opt;

	while ((opt = getopt(argc, argv, "+u:")) != -1) {
		if (opt != 'u')
			die("usage: %s", usage);
		become_uid(optarg);
	}
	return optind;
}

pid_t session_tracer(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	const char *ms = getenv("MSTACK");
	pid_t t = 0;
	int i;

	if (!ms || !*ms)
		die("session_tracer: MSTACK is not set");
	/* The keeper may not have closed its copy of the listener yet. */
	for (i = 0; i < 250; i++) {
		t = session_tracer_find();
		if (t > 0)
			return t;
		nanosleep(&ts, NULL);
	}
	die(t ? "more than one tracer of this session" :
		"no tracer of this session found");
}

void fill_seccomp_filters(void)
{
	static struct sock_filter code[BPF_MAXINSNS];
	struct sock_fprog prog = { .filter = code };
	unsigned int len = BPF_MAXINSNS;

	for (unsigned int i = 0; i < len; i++)
		code[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("no_new_privs: %s", strerror(errno));
	while (len) {
		prog.len = (unsigned short)len;
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
			continue;
		if (errno != ENOMEM)
			die("seccomp: %s", strerror(errno));
		len /= 2;
	}
}
