/*
 * abi: socket(AF_INET, SOCK_STREAM, 0) through the other x86 system call
 * doors of a 64-bit process: i386 int $0x80 socket (359) and socketcall
 * (102), and x32 socket (41 | __X32_SYSCALL_BIT). Prints each result as
 * "DOOR cookie=N" or "DOOR errno=E"; a tracer that redirects AF_INET must
 * not let any of them create a socket on another stack.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "common.h"

static void report(const char *door, long ret)
{
	char text[64];

	if (ret < 0 && ret > -4096)
		sock_text(-1, -ret, text, sizeof(text));
	else
		sock_text(ret, 0, text, sizeof(text));
	printf("%s %s\n", door, text);
	if (ret >= 0)
		close(ret);
}

#ifdef __x86_64__
static long int80(long nr, long a, long b, long c)
{
	long ret;

	asm volatile ("int $0x80"
		      : "=a" (ret)
		      : "a" (nr), "b" (a), "c" (b), "d" (c)
		      : "memory", "r8", "r9", "r10", "r11");
	return (int)ret;
}

int main(void)
{
	uint32_t *args;
	long ret;

	args = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (args == MAP_FAILED)
		die("mmap");
	report("i386-socket", int80(359, AF_INET, SOCK_STREAM, 0));
	args[0] = AF_INET;
	args[1] = SOCK_STREAM;
	args[2] = 0;
	report("i386-socketcall", int80(102, 1, (long)args, 0));
	ret = syscall(41 | 0x40000000, AF_INET, SOCK_STREAM, 0);
	report("x32-socket", ret < 0 ? -errno : ret);
	return 0;
}
#else
int main(void)
{
	printf("no other doors on this architecture\n");
	return 0;
}
#endif
