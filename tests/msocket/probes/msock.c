/*
 * msock [-r DIR] [-u UID] STEP...: runs each STEP in order and prints one line
 * "STEP RESULT" per step.
 *
 *	ENC:PATH:FAMILY[:TYPE[:PROTO]]	the msocket virtual call, raw
 *		ENC	vuos | pivot | sysctl; with a "!" suffix (pivot!,
 *			sysctl!) the argument block runs into an
 *			unreadable page; pivot-other, sysctl-other: the
 *			same calls with 7 arguments or nlen 3, which are
 *			not msocket calls
 *		PATH	- (NULL) | a path | @empty ("") |
 *			@guard (an unreadable address) |
 *			@cross (16 bytes without NUL, then an unreadable
 *			page) | @long (8192 bytes without NUL) |
 *			@edge=P (P, its NUL the last readable byte) |
 *			@full=P (P led by slashes to 4095 characters)
 *		TYPE	as sockprobe, or "default" (SOCK_DEFAULT, 0)
 *	SPEC	a plain socket(), as sockprobe
 *
 * RESULT is cookie=N (the socket's network namespace), ok (0 returned
 * for SOCK_DEFAULT), ret=N (another value), or errno=E; descriptors are
 * checked too (see step_result in msprobe.h).
 * -r: chroot to DIR (and chdir to its /); -u: become UID (and its gid);
 * in the order given, before the first step.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "msprobe.h"
#include "vcall.h"

static const char *make_path(const char *spec)
{
	char *p;
	size_t len;

	if (!strcmp(spec, "-"))
		return NULL;
	if (!strcmp(spec, "@empty"))
		return "";
	if (!strcmp(spec, "@guard"))
		return guarded(0);
	if (!strcmp(spec, "@cross") || !strcmp(spec, "@long")) {
		len = spec[1] == 'c' ? 16 : 8192;
		p = guarded(len);
		memset(p, 'a', len);
		return p;
	}
	if (!strncmp(spec, "@edge=", 6)) {
		len = strlen(spec + 6) + 1;
		p = guarded(len);
		memcpy(p, spec + 6, len);
		return p;
	}
	if (!strncmp(spec, "@full=", 6)) {
		len = strlen(spec + 6);
		if (len >= PATH_MAX - 1)
			die("too long: %s", spec);
		p = guarded(PATH_MAX);
		memset(p, '/', PATH_MAX - 1 - len);
		memcpy(p + PATH_MAX - 1 - len, spec + 6, len + 1);
		return p;
	}
	if (spec[0] == '@')
		die("unknown path %s", spec);
	return spec;
}

/* Runs "ENC:PATH:FAMILY[:TYPE[:PROTO]]"; returns 0 if @step is not one. */
static int virtual_call(const char *step, char *out, size_t outlen)
{
	char copy[PATH_MAX], *field[5], *save = NULL, *tok;
	int n = 0, enc, bad = 0, lowest;
	long domain, type, protocol = 0, ret;
	const char *path;
	size_t len;

	if (snprintf(copy, sizeof(copy), "%s", step) >= (int)sizeof(copy))
		die("step too long");
	for (tok = strtok_r(copy, ":", &save); tok && n < 5;
	     tok = strtok_r(NULL, ":", &save))
		field[n++] = tok;
	if (n < 3)
		return 0;
	len = strlen(field[0]);
	if (len && field[0][len - 1] == '!') {
		bad = 1;
		field[0][len - 1] = '\0';
	}
	enc = vcall_encoding(field[0]);
	if (enc < 0)
		return 0;
	path = make_path(field[1]);
	domain = family_by_name(field[2]);
	if (n < 4)
		type = domain == AF_NETLINK || domain == AF_PACKET ? SOCK_RAW : SOCK_STREAM;
	else if (!strcmp(field[3], "default"))
		type = VCALL_SOCK_DEFAULT;
	else
		type = type_by_name(field[3]);
	if (n == 5)
		protocol = strtol(field[4], NULL, 0);

	lowest = lowest_free_fd();
	ret = vcall(enc, path, domain, type, protocol, bad);
	step_result(step, type == VCALL_SOCK_DEFAULT, ret, errno, lowest, out, outlen);
	return 1;
}

/* Applies the options; returns the index of the first step. */
static int options(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "+r:u:")) != -1) {
		if (opt == 'u')
			become_uid(optarg);
		else if (opt != 'r')
			die("usage: msock [-r DIR] [-u UID] STEP...");
		else if (chroot(optarg) || chdir("/"))
			die("chroot %s: %s", optarg, strerror(errno));
	}
	return optind;
}

int main(int argc, char **argv)
{
	char line[256];
	int i;

	for (i = options(argc, argv); i < argc; i++) {
		if (!virtual_call(argv[i], line, sizeof(line)))
			sock_spec(argv[i], line, sizeof(line));
		printf("%s\n", line);
		fflush(stdout);
	}
	return 0;
}
