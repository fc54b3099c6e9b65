/*
 * ident [-G N:FIRST] [-u UID] [-f FSUID] [-k] SPEC...: takes an identity,
 * then makes a socket per SPEC (FAMILY[:TYPE[:PROTO]], as sockprobe) and
 * prints "SPEC RESULT owner=UID:GID", RESULT as sockprobe's and owner the
 * socket's inode owner (fstat), which the kernel takes from its creator's
 * filesystem ids.  SPEC "pair" makes a unix stream socketpair and prints
 * "pair peer=UID:GID pid=self|other", its SO_PEERCRED (the creator's).
 * SPEC "groups:N:FIRST" changes the groups between sockets (as -G), and
 * "thread-exec:N:FIRST" makes a thread take those groups for itself
 * alone (the raw system call), then makes the next SPEC's socket in the
 * main thread, then lets the other thread exec ident with the SPECs
 * left: it becomes the process's main thread, with its own groups.
 *
 *	-G N:FIRST	supplementary groups FIRST, FIRST+1, ... (N of them)
 *	-u UID		real, effective and saved uid and gid UID (the
 *			groups stay)
 *	-f FSUID	filesystem uid FSUID, after -u
 *	-k		keep the capabilities through -u: PR_SET_KEEPCAPS,
 *			then every permitted capability made effective
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

static void make(const char *spec);

/* Returns the groups N:FIRST of @arg, their number in *@n. */
static gid_t *groups_of(const char *arg, unsigned long *n)
{
	unsigned long first;
	gid_t *g;
	char *end;

	*n = strtoul(arg, &end, 10);
	if (*end != ':')
		die("N:FIRST, not %s", arg);
	first = strtoul(end + 1, NULL, 10);
	g = calloc(*n ? *n : 1, sizeof(*g));
	if (!g)
		die("calloc");
	for (unsigned long i = 0; i < *n; i++)
		g[i] = (gid_t)(first + i);
	return g;
}

static void set_groups(const char *arg)
{
	unsigned long n;
	gid_t *g = groups_of(arg, &n);

	if (setgroups(n, g))
		die("setgroups %lu: %s", n, strerror(errno));
	free(g);
}

struct regrouped {
	gid_t *groups;
	unsigned long n;
	char **rest;		/* ident's arguments for the exec */
	int ready[2], go[2];
};

static void *regrouped_thread(void *arg)
{
	struct regrouped *r = arg;
	char c = 0;

	if (syscall(SYS_setgroups, r->n, r->groups))
		die("setgroups: %s", strerror(errno));
	if (write(r->ready[1], &c, 1) != 1 || read(r->go[0], &c, 1) != 1)
		die("thread-exec: pipe");
	fflush(stdout);
	execv("/proc/self/exe", r->rest);
	die("exec: %s", strerror(errno));
}

/*
 * thread-exec:N:FIRST: see the head comment.  @next is the SPEC made in
 * the main thread, @rest what the exec'd ident gets.  Never returns.
 */
static void thread_exec(const char *arg, const char *next, char **rest)
{
	struct regrouped r = { .rest = rest };
	pthread_t t;
	char c = 0;

	r.groups = groups_of(arg, &r.n);
	if (pipe(r.ready) || pipe(r.go))
		die("pipe: %s", strerror(errno));
	if (pthread_create(&t, NULL, regrouped_thread, &r))
		die("pthread_create");
	if (read(r.ready[0], &c, 1) != 1)
		die("thread-exec: pipe");
	make(next);
	fflush(stdout);
	if (write(r.go[1], &c, 1) != 1)
		die("thread-exec: pipe");
	for (;;)
		pause();
}

static void raise_permitted(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, caps))
		die("capget: %s", strerror(errno));
	for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		caps[i].effective = caps[i].permitted;
	if (syscall(SYS_capset, &hdr, caps))
		die("capset: %s", strerror(errno));
}

/* Makes a unix socket pair and prints its line. */
static void make_pair(void)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		printf("pair errno=%s\n", errno_name(errno));
		return;
	}
	if (getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len))
		die("SO_PEERCRED: %s", strerror(errno));
	printf("pair peer=%u:%u pid=%s\n", (unsigned)cred.uid, (unsigned)cred.gid,
	       cred.pid == getpid() ? "self" : "other");
	close(sv[0]);
	close(sv[1]);
}

/* Makes the socket of @spec and prints its line. */
static void make(const char *spec)
{
	char text[64];
	int family, type, protocol, fd, err;
	struct stat st;

	sock_spec_parse(spec, &family, &type, &protocol);
	fd = socket(family, type, protocol);
	err = errno;
	sock_text(fd, err, text, sizeof(text));
	if (fd < 0) {
		printf("%s %s\n", spec, text);
		return;
	}
	if (fstat(fd, &st))
		die("fstat: %s", strerror(errno));
	printf("%s %s owner=%u:%u\n", spec, text, (unsigned)st.st_uid, (unsigned)st.st_gid);
	close(fd);
}

int main(int argc, char **argv)
{
	const char *groups = NULL, *uid = NULL, *fsuid = NULL;
	int opt, keep = 0;
	long id;

	while ((opt = getopt(argc, argv, "+G:u:f:k")) != -1) {
		switch (opt) {
		case 'G': groups = optarg; break;
		case 'u': uid = optarg; break;
		case 'f': fsuid = optarg; break;
		case 'k': keep = 1; break;
		default: die("usage: ident [-G N:FIRST] [-u UID] [-f FSUID] [-k] SPEC...");
		}
	}
	if (groups)
		set_groups(groups);
	if (keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
		die("PR_SET_KEEPCAPS: %s", strerror(errno));
	if (uid) {
		id = strtol(uid, NULL, 10);
		if (setresgid((gid_t)id, (gid_t)id, (gid_t)id) ||
		    setresuid((uid_t)id, (uid_t)id, (uid_t)id))
			die("setresuid %ld: %s", id, strerror(errno));
	}
	if (keep)
		raise_permitted();
	if (fsuid) {
		id = strtol(fsuid, NULL, 10);
		setfsuid((uid_t)id);
		if (setfsuid((uid_t)-1) != (int)id)
			die("setfsuid %ld failed", id);
	}
	for (int i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "pair"))
			make_pair();
		else if (!strncmp(argv[i], "groups:", 7))
			set_groups(argv[i] + 7);
		else if (!strncmp(argv[i], "thread-exec:", 12) && i + 1 < argc) {
			const char *next = argv[i + 1];

			argv[i + 1] = argv[0];	/* then the SPECs after next */
			thread_exec(argv[i] + 12, next, argv + i + 1);
		} else
			make(argv[i]);
	}
	fflush(stdout);
	return 0;
}
