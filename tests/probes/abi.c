/*
 * abi DOOR...: socket(AF_INET, SOCK_STREAM, 0) through the other x86
 * system call doors of a 64-bit process: i386 int $0x80 socket (359,
 * door "i386-socket") and socketcall (102, "i386-socketcall"), and x32
 * socket (41 | __X32_SYSCALL_BIT, "x32-socket"). Prints each result as
 * "DOOR cookie=N" or "DOOR errno=E"; a tracer that redirects AF_INET must
 * not let any of them create a socket on another stack.
 *
 * abi i386: exits 0 when this kernel runs i386 code (an int $0x80
 * getpid() returns our pid), 1 when it does not (the kernel may have no
 * i386 emulation, or have it disabled: int $0x80 then kills with SIGSEGV
 * or fails with ENOSYS); prints the reason.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

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

/* Returns 0 when an int $0x80 getpid() (20) in a child works, else 1. */
static int i386_runs(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		_exit(int80(20, 0, 0, 0) == getpid() ? 0 : 1);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		printf("int $0x80 is killed by %s\n", strsignal(WTERMSIG(status)));
	else
		printf("int $0x80 getpid() does not return the pid\n");
	return 1;
}

static long door(const char *name)
{
	static uint32_t *args;

	if (strcmp(name, "i386-socket") == 0)
		return int80(359, AF_INET, SOCK_STREAM, 0);
	if (strcmp(name, "i386-socketcall") == 0) {
		if (!args)
			args = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (args == MAP_FAILED)
			die("mmap");
		args[0] = AF_INET;
		args[1] = SOCK_STREAM;
		args[2] = 0;
		return int80(102, 1, (long)args, 0);
	}
	if (strcmp(name, "x32-socket") == 0) {
		long ret = syscall(41 | 0x40000000, AF_INET, SOCK_STREAM, 0);

		return ret < 0 ? -errno : ret;
	}
	die("unknown door %s", name);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "i386") == 0)
		return i386_runs();
	for (int i = 1; i < argc; i++)
		report(argv[i], door(argv[i]));
	return 0;
}
#else
int main(void)
{
	printf("not an x86_64 machine\n");
	return 1;
}
#endif
