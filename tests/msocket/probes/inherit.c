/*
 * inherit ENC PATH FAMILY: who sees a default set with the msocket
 * virtual call in encoding ENC (vuos, pivot, sysctl):
 * msocket(PATH, FAMILY, SOCK_DEFAULT, 0). The parent forks a sibling
 * (which waits) and a child; in the child a thread sets the default.
 * Each process then reports where its plain IPv4 and IPv6 sockets go,
 * in this order, one line each:
 *	parent before: inet cookie=N, inet6 cookie=N
 *	child's thread sets the default: ok
 *	child: ...			(main thread, created before the change)
 *	child's new thread: ...
 *	grandchild: ...			(forked after the change)
 *	child after exec: ...
 *	parent after: ...
 *	sibling: ...			(forked before the change)
 * inherit report LABEL: only the report line (used after exec).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "common.h"
#include "msprobe.h"
#include "vcall.h"

static int enc;
static const char *path;
static long family;

static void report(const char *label)
{
	char a[128], b[128];

	sock_spec("inet", a, sizeof(a));
	sock_spec("inet6", b, sizeof(b));
	printf("%s: %s, %s\n", label, a, b);
	fflush(stdout);
}

static void *set_default(void *arg)
{
	char text[64];
	long ret;

	(void)arg;
	ret = vcall(enc, path, family, VCALL_SOCK_DEFAULT, 0, 0);
	if (ret < 0)
		snprintf(text, sizeof(text), "errno=%s", errno_text(errno));
	else
		snprintf(text, sizeof(text), ret ? "ret=%ld" : "ok", ret);
	printf("child's thread sets the default: %s\n", text);
	fflush(stdout);
	return NULL;
}

static void *new_thread(void *arg)
{
	(void)arg;
	report("child's new thread");
	return NULL;
}

static void run_thread(void *(*fn)(void *))
{
	pthread_t t;
	int err;

	err = pthread_create(&t, NULL, fn, NULL);
	if (err)
		die("pthread_create: %s", strerror(err));
	pthread_join(t, NULL);
}

static void reap(pid_t pid, const char *who)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("%s failed (status %#x)", who, status);
}

static void child(int go)
{
	pid_t pid;

	close(go);
	run_thread(set_default);
	report("child");
	run_thread(new_thread);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		report("grandchild");
		exit(0);
	}
	reap(pid, "grandchild");
	execl("/proc/self/exe", "inherit", "report", "child after exec", (char *)NULL);
	die("exec: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	pid_t sibling, kid;
	int go[2];
	char c;

	if (argc == 3 && !strcmp(argv[1], "report")) {
		report(argv[2]);
		return 0;
	}
	if (argc != 4 || (enc = vcall_encoding(argv[1])) < 0)
		die("usage: inherit vuos|pivot|sysctl PATH FAMILY");
	path = strcmp(argv[2], "-") ? argv[2] : NULL;
	family = family_by_name(argv[3]);

	report("parent before");
	if (pipe(go))
		die("pipe: %s", strerror(errno));
	sibling = fork();
	if (sibling < 0)
		die("fork: %s", strerror(errno));
	if (!sibling) {
		close(go[1]);
		if (read(go[0], &c, 1) != 0)
			die("sibling: read");
		report("sibling");
		exit(0);
	}
	close(go[0]);
	kid = fork();
	if (kid < 0)
		die("fork: %s", strerror(errno));
	if (!kid)
		child(go[1]);
	reap(kid, "child");
	report("parent after");
	close(go[1]);
	reap(sibling, "sibling");
	return 0;
}
