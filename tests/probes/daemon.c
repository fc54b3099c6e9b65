/*
 * daemon OUTFILE SPEC...: double-forks; the grandchild (a session leader
 * orphaned from its parents) creates the sockets of SPEC... after the
 * command has exited, writes the results to OUTFILE.tmp and renames it to
 * OUTFILE. The parent exits at once.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "common.h"

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	char tmp[4096];
	pid_t pid;
	int fd;

	if (argc < 3)
		die("usage: daemon OUTFILE SPEC...");
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid > 0) {
		waitpid(pid, NULL, 0);
		return 0;
	}
	setsid();
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid > 0)
		_exit(0);
	nanosleep(&ts, NULL);	/* let the command and its parent go */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		_exit(PROBE_ERROR);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
	close(0);
	sock_specs(argc - 2, argv + 2);
	if (fsync(1) || rename(tmp, argv[1]))
		_exit(PROBE_ERROR);
	return 0;
}
