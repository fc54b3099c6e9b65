/*
 * debuggee MODE ARG...: a program for debuggers, and for a tracer that
 * goes away, to work on; prints the lines that must appear.
 *
 *   crash SPEC      makes a socket (sock_specs), then aborts in the
 *                   function crash_on_purpose, which a backtrace names.
 *   traceme SPEC    forks a child that asks to be traced (PTRACE_TRACEME)
 *                   and stops itself; the parent waits for the stop, lets
 *                   it go on (PTRACE_CONT) and waits for its exit; the
 *                   child, then the parent, make a socket:
 *                     traceme ok | traceme errno=E
 *                     child stopped by SIGSTOP
 *                     child SPEC RESULT
 *                     child exited 0
 *                     parent SPEC RESULT
 *   traceme-full SPEC  the same, the child's seccomp filters filling
 *                   the kernel's budget before it asks to be traced
 *   steps STEP...   each STEP in turn: a SPEC makes a socket, prints it
 *                   and keeps it open; wait:FIFO prints "waiting" and
 *                   reads one line from FIFO; unshare prints
 *                   "unshare ok" or "unshare errno=E" of
 *                   unshare(CLONE_NEWNET).  Exits 0.
 *   sockets PID     for each socket descriptor of process PID (taken with
 *                   pidfd_getfd), "fd N RESULT" (its netns cookie).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <sched.h>
#include <stdbool.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "common.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

/* Never returns: the frame a debugger's backtrace must name. */
static __attribute__((noinline, noreturn)) void crash_on_purpose(void)
{
	fflush(stdout);
	abort();
}

static void one_socket(const char *prefix, const char *spec)
{
	char line[256];

	sock_spec(spec, line, sizeof(line));
	printf("%s%s\n", prefix, line);
	fflush(stdout);
}

/*
 * The child of traceme: asks to be traced, stops, then makes its socket;
 * with @full, its seccomp filters fill the kernel's budget first.
 */
static void __attribute__((noreturn)) traced_child(const char *spec, bool full)
{
	if (full)
		fill_seccomp_filters();
	if (ptrace(PTRACE_TRACEME, 0, 0, 0)) {
		printf("traceme errno=%s\n", errno_name(errno));
		fflush(stdout);
		_exit(1);
	}
	printf("traceme ok\n");
	fflush(stdout);
	raise(SIGSTOP);
	one_socket("child ", spec);
	_exit(0);
}

static int traceme(const char *spec, bool full)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid)
		traced_child(spec, full);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	if (WIFSTOPPED(status)) {
		printf("child stopped by %s\n",
		       WSTOPSIG(status) == SIGSTOP ? "SIGSTOP" : "another signal");
		fflush(stdout);
		if (ptrace(PTRACE_CONT, pid, 0, 0))
			die("PTRACE_CONT: %s", strerror(errno));
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid: %s", strerror(errno));
	}
	if (WIFEXITED(status))
		printf("child exited %d\n", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("child killed by signal %d\n", WTERMSIG(status));
	else
		printf("child stopped again by signal %d\n", WSTOPSIG(status));
	one_socket("parent ", spec);
	return 0;
}

static void wait_fifo(const char *path)
{
	char line[64];
	FILE *f;

	printf("waiting\n");
	fflush(stdout);
	/*
	 * The writer of the previous line may not have closed the FIFO yet:
	 * an open then meets it, and reads its end of file; open again.
	 */
	for (int tries = 0; tries < 100; tries++) {
		f = fopen(path, "r");
		if (!f)
			die("%s: %s", path, strerror(errno));
		if (fgets(line, sizeof(line), f)) {
			fclose(f);
			return;
		}
		fclose(f);
	}
	die("%s: no line", path);
}

static int steps(int argc, char **argv)
{
	char line[256];
	int i, fd, family, type, protocol;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "wait:", 5)) {
			wait_fifo(argv[i] + 5);
			continue;
		}
		if (!strcmp(argv[i], "unshare")) {
			if (unshare(CLONE_NEWNET))
				printf("unshare errno=%s\n", errno_name(errno));
			else
				printf("unshare ok\n");
			fflush(stdout);
			continue;
		}
		if (sock_spec_parse(argv[i], &family, &type, &protocol))
			die("steps: no pairs: %s", argv[i]);
		fd = socket(family, type, protocol);
		sock_text(fd, errno, line, sizeof(line));
		printf("%s %s\n", argv[i], line);
		fflush(stdout);
	}
	return 0;
}

static int sockets(const char *arg)
{
	char path[64], line[256];
	struct dirent *e;
	struct stat st;
	int pidfd, fd;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%s/fd", arg);
	pidfd = (int)syscall(SYS_pidfd_open, (pid_t)atoi(arg), 0);
	dir = opendir(path);
	if (pidfd < 0 || !dir)
		die("%s: %s", path, strerror(errno));
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(dir), e->d_name, &st, 0) || !S_ISSOCK(st.st_mode))
			continue;
		fd = (int)syscall(SYS_pidfd_getfd, pidfd, atoi(e->d_name), 0);
		sock_text(fd, errno, line, sizeof(line));
		printf("fd %s %s\n", e->d_name, line);
		if (fd >= 0)
			close(fd);
	}
	closedir(dir);
	close(pidfd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "crash")) {
		one_socket("", argv[2]);
		crash_on_purpose();
	}
	if (argc == 3 && !strcmp(argv[1], "traceme"))
		return traceme(argv[2], false);
	if (argc == 3 && !strcmp(argv[1], "traceme-full"))
		return traceme(argv[2], true);
	if (argc >= 2 && !strcmp(argv[1], "steps"))
		return steps(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "sockets"))
		return sockets(argv[2]);
	die("usage: debuggee crash SPEC | traceme[-full] SPEC | steps STEP... | sockets PID");
}
