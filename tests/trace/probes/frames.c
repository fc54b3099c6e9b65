/*
 * frames STEP...: the -k probe.  Built with -g, and its frames must stay
 * frames whatever the optimisation level: the two functions are never
 * inlined, cloned or left by a tail call, so that every socket call is
 * made from main -> probe_outer -> probe_inner.
 *
 *	socket	socket(AF_INET, SOCK_DGRAM, 0)
 *	pair	socketpair(AF_UNIX, SOCK_STREAM, 0, sv)
 *	exec	execute this program again with the remaining steps
 *
 * Prints "STEP ok" or "STEP errno=E" for every call.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

/* -O0 even when CFLAGS, which come after the probe's own, say -O2. */
#if defined(__clang__)
#pragma clang optimize off
#elif defined(__GNUC__)
#pragma GCC optimize("O0")
#endif

#if defined(__GNUC__) && !defined(__clang__)
#define FRAME __attribute__((noinline, noipa))
#else
#define FRAME __attribute__((noinline))
#endif

/* Read at run time, so that no call can be folded away. */
static volatile int opaque = 1;

FRAME int probe_inner(int pair);
FRAME int probe_outer(const char *step);

FRAME int probe_inner(int pair)
{
	int sv[2], ret;

	if (pair) {
		ret = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
		if (ret == 0) {
			close(sv[0]);
			close(sv[1]);
		}
	} else {
		ret = socket(AF_INET, SOCK_DGRAM, 0);
		if (ret >= 0)
			close(ret);
	}
	/* Work after the call: it must not become a jump. */
	return ret < 0 ? -errno * opaque : 0;
}

FRAME int probe_outer(const char *step)
{
	int ret = probe_inner(!strcmp(step, "pair"));

	if (ret < 0)
		printf("%s errno=%s\n", step, strerrorname_np(-ret) ?: "?");
	else
		printf("%s ok\n", step);
	return ret * opaque;
}

int main(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "exec")) {
			char self[4096];
			ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

			if (n < 0)
				n = 0;
			self[n] = '\0';
			fflush(stdout);
			argv[i] = argv[0];
			execv(self, argv + i);
			printf("exec errno=%s\n", strerrorname_np(errno) ?: "?");
			return 1;
		}
		if (strcmp(argv[i], "socket") && strcmp(argv[i], "pair")) {
			fprintf(stderr, "usage: frames {socket|pair|exec}...\n");
			return 99;
		}
		if (probe_outer(argv[i]) < 0)
			failed = 1;
	}
	return failed;
}
