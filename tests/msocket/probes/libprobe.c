/*
 * libprobe [-u UID] STEP...: msocket(3) of libmsocket, built against
 * <msocket.h>; one line "STEP RESULT" per step, results as msock's.
 *
 *	ms:PATH:FAMILY[:TYPE]	msocket(PATH, FAMILY, TYPE, 0); PATH "-" is
 *				NULL, TYPE "default" is SOCK_DEFAULT
 *	race:PATH		msocket(PATH, AF_INET, SOCK_STREAM, 0) in the
 *				main thread while another thread makes plain
 *				AF_INET sockets, ROUNDS times each at once;
 *				prints "race msocket RESULT" and "race
 *				socket RESULT", or "... mixed A B" when the
 *				sockets of one side came from two stacks
 *	consts			prints the constants of <msocket.h>
 *	SPEC			a plain socket(), as sockprobe
 * -u: become UID (and its gid) first.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <msocket.h>

#include "common.h"
#include "msprobe.h"

#define ROUNDS 200

/* The cookies one side of the race saw: the first and a different one. */
struct side {
	char first[64], other[64];
};

static pthread_barrier_t start;

static void note(struct side *s, int fd, int err)
{
	char text[64];

	sock_text(fd, err, text, sizeof(text));
	if (fd >= 0)
		close(fd);
	if (!s->first[0])
		snprintf(s->first, sizeof(s->first), "%s", text);
	else if (strcmp(text, s->first) && !s->other[0])
		snprintf(s->other, sizeof(s->other), "%s", text);
}

static void *plain(void *arg)
{
	struct side *s = arg;
	int i, fd;

	pthread_barrier_wait(&start);
	for (i = 0; i < ROUNDS; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		note(s, fd, errno);
	}
	return NULL;
}

static void print_side(const char *what, const struct side *s)
{
	if (s->other[0])
		printf("race %s mixed %s %s\n", what, s->first, s->other);
	else
		printf("race %s %s\n", what, s->first);
}

static void race(const char *path)
{
	struct side mine = { "", "" }, theirs = { "", "" };
	pthread_t t;
	int i, fd, err;

	pthread_barrier_init(&start, NULL, 2);
	err = pthread_create(&t, NULL, plain, &theirs);
	if (err)
		die("pthread_create: %s", strerror(err));
	pthread_barrier_wait(&start);
	for (i = 0; i < ROUNDS; i++) {
		fd = msocket(path, AF_INET, SOCK_STREAM, 0);
		note(&mine, fd, errno);
	}
	pthread_join(t, NULL);
	pthread_barrier_destroy(&start);
	print_side("msocket", &mine);
	print_side("socket", &theirs);
}

static void call(const char *step, char *out, size_t outlen)
{
	char copy[PATH_MAX], *field[4], *save = NULL, *tok;
	int n = 0, domain, type, fd, lowest;
	const char *path;

	snprintf(copy, sizeof(copy), "%s", step);
	for (tok = strtok_r(copy, ":", &save); tok && n < 4;
	     tok = strtok_r(NULL, ":", &save))
		field[n++] = tok;
	if (n < 3)
		die("bad step %s", step);
	path = strcmp(field[1], "-") ? field[1] : NULL;
	domain = family_by_name(field[2]);
	if (n < 4)
		type = domain == AF_NETLINK || domain == AF_PACKET ? SOCK_RAW : SOCK_STREAM;
	else if (!strcmp(field[3], "default"))
		type = SOCK_DEFAULT;
	else
		type = type_by_name(field[3]);

	lowest = lowest_free_fd();
	fd = msocket(path, domain, type, 0);
	step_result(step, type == SOCK_DEFAULT, fd, errno, lowest, out, outlen);
}

int main(int argc, char **argv)
{
	char line[256];
	int i;

	for (i = uid_option(argc, argv, "libprobe [-u UID] STEP..."); i < argc; i++) {
		if (!strncmp(argv[i], "race:", 5)) {
			race(argv[i] + 5);
		} else if (!strcmp(argv[i], "consts")) {
			printf("SOCK_DEFAULT=%d S_IFSTACK=%#o VIRSYS_MSOCKET=%d\n",
			       SOCK_DEFAULT, S_IFSTACK, VIRSYS_MSOCKET);
		} else {
			if (!strncmp(argv[i], "ms:", 3))
				call(argv[i], line, sizeof(line));
			else
				sock_spec(argv[i], line, sizeof(line));
			printf("%s\n", line);
		}
		fflush(stdout);
	}
	return 0;
}
