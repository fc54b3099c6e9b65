/*
 * tcalls OP...: makes each call in order, for the -v format test.
 *
 *	socket:FAMILY:TYPE:PROTO	socket()
 *	pair:FAMILY:TYPE:PROTO		socketpair()
 *	ENC:PATH:FAMILY:TYPE:PROTO	msocket, raw, in encoding ENC (vuos,
 *					pivot or sysctl); PATH - is NULL
 *	worker/OP			OP in a new thread named "worker",
 *					which then lingers for 0.1 s
 *	brief/OP			the same, but the thread ends at once
 *	name:TEXT			names the process TEXT (PR_SET_NAME,
 *					which keeps 15 bytes)
 *
 * FAMILY as sockprobe (unix, inet, ...) or a number; TYPE a base type
 * (stream, dgram, raw, seqpacket or a number) with +cloexec and
 * +nonblock, or "default" (0, SOCK_DEFAULT); PROTO tcp, udp, all
 * (htons(ETH_P_ALL)) or a number.  Every descriptor is closed at once.
 *
 * Prints "pid N" first, then per OP "OP = RESULT" where RESULT is the
 * descriptor (or 0), "[A, B]" for a pair, "-1 ENAME" on failure (for a
 * pair also "sv=ADDR", the address given), preceded by "tid N" for a
 * thread.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "common.h"
#include "vcall.h"

static int type_of(char *text)
{
	char *flag = strchr(text, '+');
	int type;

	if (!strcmp(text, "default"))
		return VCALL_SOCK_DEFAULT;
	if (flag)
		*flag++ = '\0';
	type = type_by_name(text);
	while (flag) {
		char *next = strchr(flag, '+');

		if (next)
			*next++ = '\0';
		if (!strcmp(flag, "cloexec"))
			type |= SOCK_CLOEXEC;
		else if (!strcmp(flag, "nonblock"))
			type |= SOCK_NONBLOCK;
		else
			die("unknown type flag %s", flag);
		flag = next;
	}
	return type;
}

static int protocol_of(const char *text)
{
	if (!strcmp(text, "tcp"))
		return IPPROTO_TCP;
	if (!strcmp(text, "udp"))
		return IPPROTO_UDP;
	if (!strcmp(text, "all"))
		return htons(ETH_P_ALL);
	return (int)strtol(text, NULL, 0);
}

/* Makes the call of @op; writes its result into @out. */
static void run(const char *op, char *out, size_t len)
{
	char copy[512], *field[5];
	int n = 0, family, type, protocol, sv[2] = { -1, -1 }, enc = -1;
	const char *path = NULL;
	long ret;

	if (snprintf(copy, sizeof(copy), "%s", op) >= (int)sizeof(copy))
		die("op too long: %s", op);
	for (char *p = copy; p && n < 5; n++) {
		field[n] = p;
		p = strchr(p, ':');
		if (p)
			*p++ = '\0';
	}
	if (!strcmp(field[0], "socket") || !strcmp(field[0], "pair")) {
		if (n != 4)
			die("bad op %s", op);
	} else {
		enc = vcall_encoding(field[0]);
		if (enc < 0 || n != 5)
			die("bad op %s", op);
		path = strcmp(field[1], "-") ? field[1] : NULL;
		memmove(field + 1, field + 2, 3 * sizeof(field[0]));
	}
	family = family_by_name(field[1]);
	type = type_of(field[2]);
	protocol = protocol_of(field[3]);

	if (!strcmp(field[0], "pair")) {
		ret = socketpair(family, type, protocol, sv);
		if (ret == 0) {
			snprintf(out, len, "%s = [%d, %d]", op, sv[0], sv[1]);
			close(sv[0]);
			close(sv[1]);
		} else {
			snprintf(out, len, "%s = -1 %s sv=%#llx", op, strerrorname_np(errno),
				 (unsigned long long)(uintptr_t)sv);
		}
		return;
	}
	if (enc < 0)
		ret = socket(family, type, protocol);
	else
		ret = vcall(enc, path, family, type, protocol, 0);
	if (ret < 0) {
		snprintf(out, len, "%s = -1 %s", op, strerrorname_np(errno));
		return;
	}
	snprintf(out, len, "%s = %ld", op, ret);
	if (enc < 0 || type != VCALL_SOCK_DEFAULT)
		close((int)ret);
}

struct job {
	const char *op;
	int linger;
	pid_t tid;
	char out[600];
};

static void *worker(void *arg)
{
	struct timespec linger = { 0, 100 * 1000 * 1000 };
	struct job *j = arg;

	prctl(PR_SET_NAME, "worker", 0, 0, 0);
	j->tid = (pid_t)syscall(SYS_gettid);
	run(j->op, j->out, sizeof(j->out));
	if (j->linger)
		nanosleep(&linger, NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	struct job j;
	pthread_t t;
	int i, err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid %d\n", getpid());
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "worker/", 7)) {
			j.op = argv[i] + 7;
			j.linger = 1;
		} else if (!strncmp(argv[i], "brief/", 6)) {
			j.op = argv[i] + 6;
			j.linger = 0;
		} else if (!strncmp(argv[i], "name:", 5)) {
			if (prctl(PR_SET_NAME, argv[i] + 5, 0, 0, 0))
				die("PR_SET_NAME: %s", strerror(errno));
			continue;
		} else {
			run(argv[i], j.out, sizeof(j.out));
			printf("%s\n", j.out);
			continue;
		}
		err = pthread_create(&t, NULL, worker, &j);
		if (err)
			die("pthread_create: %s", strerror(err));
		pthread_join(t, NULL);
		printf("tid %d\n%s\n", j.tid, j.out);
	}
	return 0;
}
