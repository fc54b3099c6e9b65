/* Shared helpers of the test probes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>
#include <stddef.h>

#include "common.h"

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

/* Reads /proc/@pid/cmdline into @buf (of @len); returns its length, -1 if gone. */
static ssize_t read_cmdline(const char *pid, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len);
	close(fd);
	return n;
}

/* Returns whether process @pid has a seccomp listener open. */
static int holds_listener(const char *pid)
{
	char path[PATH_MAX], link[64];
	struct dirent *e;
	int found = 0;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	d = opendir(path);
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, e->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			continue;
		link[n] = '\0';
		found = !strcmp(link, "anon_inode:seccomp notify");
	}
	closedir(d);
	return found;
}

/*
 * Returns whether command line @cmd (@n bytes) is mstack's (@ms, @msn
 * bytes with its NUL) ending with ours (@own, @ownn bytes).
 */
static int session_cmdline(const char *cmd, ssize_t n, const char *ms,
			   size_t msn, const char *own, ssize_t ownn)
{
	if (n < (ssize_t)msn + ownn || memcmp(cmd, ms, msn))
		return 0;
	return cmd[n - ownn - 1] == '\0' && !memcmp(cmd + n - ownn, own, ownn);
}

/*
 * Returns whether process @pid's environment has ours of
 * MSTACK_TEST_SESSION (tests/lib.sh sets one per test run), or there is
 * none: the same command in a test run in parallel is another session.
 */
static int same_test(const char *pid)
{
	static char env[65536];
	const char *tag = getenv("MSTACK_TEST_SESSION");
	char path[PATH_MAX], want[128];
	size_t wantn;
	ssize_t n;
	int fd;

	if (!tag)
		return 1;
	wantn = (size_t)snprintf(want, sizeof(want), "MSTACK_TEST_SESSION=%s", tag) + 1;
	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, env, sizeof(env));
	close(fd);
	for (ssize_t i = 0; i >= 0 && i + (ssize_t)wantn <= n;) {
		if (!memcmp(env + i, want, wantn))
			return 1;
		i += (ssize_t)strnlen(env + i, (size_t)(n - i)) + 1;
	}
	return 0;
}

/*
 * Returns the one process of this session whose command line is $MSTACK's
 * ending with ours (@own, @ownn bytes) that holds a seccomp listener, 0 if
 * none, -1 if more than one.
 */
static pid_t scan_tracer(const char *ms, const char *own, ssize_t ownn)
{
	static char cmd[8192];
	pid_t found = 0, self = getpid();
	struct dirent *e;
	ssize_t n;
	DIR *d;

	d = opendir("/proc");
	if (!d)
		die("/proc: %s", strerror(errno));
	while (found >= 0 && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    atol(e->d_name) == self)
			continue;
		n = read_cmdline(e->d_name, cmd, sizeof(cmd));
		if (!session_cmdline(cmd, n, ms, strlen(ms) + 1, own, ownn) ||
		    !holds_listener(e->d_name) || !same_test(e->d_name))
			continue;
		found = found ? -1 : (pid_t)atol(e->d_name);
	}
	closedir(d);
	return found;
}

pid_t session_tracer(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	static char own[4096];
	const char *ms = getenv("MSTACK");
	ssize_t ownn;
	pid_t t = 0;
	int i;

	if (!ms || !*ms)
		die("session_tracer: MSTACK is not set");
	ownn = read_cmdline("self", own, sizeof(own));
	if (ownn <= 0 || ownn == (ssize_t)sizeof(own))
		die("/proc/self/cmdline: cannot read it whole");
	/* The keeper may not have closed its copy of the listener yet. */
	for (i = 0; i < 250; i++) {
		t = scan_tracer(ms, own, ownn);
		if (t > 0)
			return t;
		nanosleep(&ts, NULL);
	}
	die(t ? "more than one tracer of this session" :
		"no tracer of this session found");
}
