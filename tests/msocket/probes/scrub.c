/*
 * scrub PATH: the tracer's injected calls leave nothing in the program's
 * memory.  Each step runs on a stack of our own (an array, through
 * makecontext), filled with a pattern first; afterwards the deepest byte
 * that changed must be as deep as for a look-alike call that never leaves
 * the kernel.  Run under "mstack -o ipv4": AF_UNIX stays home until the
 * SOCK_DEFAULT call moves it to PATH.  Prints one line per step:
 *   msocket SOCK_DEFAULT: untouched       (the filter image)
 *   socketpair: untouched                 (channel set-up and recvmsg)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "common.h"
#include "msprobe.h"
#include "vcall.h"

#define PATTERN 0xa5

static unsigned char area[1 << 16] __attribute__((aligned(16)));
static ucontext_t main_ctx, step_ctx;
static const char *path;
static long result;

enum step { PIVOT_OTHER, SOCK_DEFAULT_UNIX, SOCKETPAIR_UNIX };

static void run(int step)
{
	int sv[2];

	switch (step) {
	case PIVOT_OTHER:
		result = vcall(VCALL_PIVOT_OTHER, path, AF_UNIX, VCALL_SOCK_DEFAULT, 0, 0);
		break;
	case SOCK_DEFAULT_UNIX:
		result = vcall(VCALL_PIVOT, path, AF_UNIX, VCALL_SOCK_DEFAULT, 0, 0);
		break;
	case SOCKETPAIR_UNIX:
		result = syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
		break;
	}
}

/* Runs @step on our own stack. Returns how many bytes of it changed, from the top. */
static size_t depth(int step)
{
	size_t i;

	memset(area, PATTERN, sizeof(area));
	if (getcontext(&step_ctx) < 0)
		die("getcontext: %s", strerror(errno));
	step_ctx.uc_stack.ss_sp = area;
	step_ctx.uc_stack.ss_size = sizeof(area);
	step_ctx.uc_link = &main_ctx;
	makecontext(&step_ctx, (void (*)(void))run, 1, step);
	if (swapcontext(&main_ctx, &step_ctx) < 0)
		die("swapcontext: %s", strerror(errno));
	for (i = 0; i < sizeof(area) && area[i] == PATTERN; i++)
		;
	return sizeof(area) - i;
}

static void report(const char *what, size_t got, size_t control)
{
	if (result < 0)
		printf("%s: errno=%s\n", what, errno_text(errno));
	else if (got == control)
		printf("%s: untouched\n", what);
	else
		printf("%s: %zu bytes below the stack pointer changed\n", what, got - control);
}

int main(int argc, char **argv)
{
	size_t pair_control, control;

	if (argc != 2)
		die("usage: scrub PATH");
	path = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	depth(PIVOT_OTHER);	/* first calls: lazy binding, allocations */
	pair_control = depth(SOCKETPAIR_UNIX);	/* still home: no stop */
	control = depth(PIVOT_OTHER);
	report("msocket SOCK_DEFAULT", depth(SOCK_DEFAULT_UNIX), control);
	report("socketpair", depth(SOCKETPAIR_UNIX), pair_control);
	return 0;
}
