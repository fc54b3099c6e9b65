/*
 * ptydrive SCRIPT COMMAND [ARG...]: runs COMMAND on a new pseudo-terminal
 * (as its session leader) and plays SCRIPT against it, one command a line:
 *	send TEXT	type TEXT (escapes: \r \n \t \\ \NNN octal)
 *	expect TEXT	wait until TEXT appears after the previous match
 *	fg [NAME]	wait until a job other than COMMAND has the terminal
 *			(and, with NAME, runs a process called NAME: then it
 *			has its own signal dispositions, not the shell's)
 *	shell		wait until COMMAND's own process group has it again
 *	wait		wait for COMMAND to end; print "exit N" or "signal N"
 * Every wait times out after $PTYDRIVE_TIMEOUT seconds (default 10): then
 * ptydrive says which line failed, shows the screen and exits 1.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "common.h"

static int master = -1, lineno, status = -1;
static pid_t child;
static char *screen;
static size_t used, cap, mark;
static double timeout_s = 10;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void show_screen(void)
{
	size_t i;

	fprintf(stderr, "---- screen (matched up to byte %zu) ----\n", mark);
	for (i = 0; i < used; i++) {
		unsigned char c = screen[i];

		if (c == '\n' || (c >= 32 && c < 127))
			fputc(c, stderr);
		else if (c != '\r')
			fprintf(stderr, "\\%03o", c);
	}
	fprintf(stderr, "\n---- end of screen ----\n");
}

__attribute__((noreturn)) static void fail(const char *what, const char *arg)
{
	fprintf(stderr, "ptydrive: line %d: %s%s%s\n", lineno, what,
		arg ? ": " : "", arg ? arg : "");
	show_screen();
	if (child > 0 && status < 0) {
		kill(-child, SIGKILL);
		kill(child, SIGKILL);
	}
	exit(1);
}

/* Read what the terminal shows for up to ms milliseconds. */
static void pump(int ms)
{
	struct pollfd p = { master, POLLIN, 0 };
	char buf[4096];
	ssize_t n;

	if (master < 0 || poll(&p, 1, ms) <= 0)
		return;
	n = read(master, buf, sizeof(buf));
	if (n <= 0) {		/* EIO: every slave descriptor is closed */
		close(master);
		master = -1;
		return;
	}
	if (used + n + 1 > cap) {
		cap = (used + n + 1) * 2;
		screen = realloc(screen, cap);
		if (!screen)
			die("out of memory");
	}
	memcpy(screen + used, buf, n);
	used += n;
	screen[used] = '\0';
}

static void reap(void)
{
	int st;

	if (status < 0 && waitpid(child, &st, WNOHANG) == child)
		status = st;
}

static size_t unescape(const char *in, char *out)
{
	size_t n = 0;
	int v, k;

	while (*in) {
		if (*in != '\\') {
			out[n++] = *in++;
			continue;
		}
		in++;
		switch (*in) {
		case 'r': out[n++] = '\r'; in++; break;
		case 'n': out[n++] = '\n'; in++; break;
		case 't': out[n++] = '\t'; in++; break;
		case '0' ... '7':
			for (v = 0, k = 0; k < 3 && *in >= '0' && *in <= '7'; k++)
				v = v * 8 + *in++ - '0';
			out[n++] = v;
			break;
		case '\0': break;
		default: out[n++] = *in++; break;
		}
	}
	return n;
}

static void do_send(const char *arg)
{
	char buf[1024];
	size_t n = unescape(arg, buf);

	if (master < 0 || write(master, buf, n) != (ssize_t)n)
		fail("send failed", arg);
}

static void do_expect(const char *arg)
{
	double end = now() + timeout_s;
	char *hit;

	for (;;) {
		hit = screen ? strstr(screen + mark, arg) : NULL;
		if (hit) {
			mark = hit - screen + strlen(arg);
			return;
		}
		if (now() > end || master < 0)
			fail("timeout waiting for", arg);
		pump(50);
	}
}

/* Is there a process called name in process group pg? */
static int pgrp_runs(pid_t pg, const char *name)
{
	char path[300], buf[512], *p;
	struct dirent *d;
	int found = 0;
	DIR *dir;
	FILE *f;
	long grp;

	dir = opendir("/proc");
	if (!dir)
		die("/proc: %s", strerror(errno));
	while (!found && (d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		/* pid (comm) state ppid pgrp ... */
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
		    sscanf(p + 1, " %*c %*d %ld", &grp) == 1 && grp == pg) {
			*p = '\0';
			p = strchr(buf, '(');
			found = p && !strcmp(p + 1, name);
		}
		fclose(f);
	}
	closedir(dir);
	return found;
}

static void do_pgrp(int want_shell, const char *name)
{
	double end = now() + timeout_s;
	pid_t pg;

	for (;;) {
		pg = master < 0 ? -1 : tcgetpgrp(master);
		if (pg > 0 && (pg == child) == want_shell &&
		    (!*name || pgrp_runs(pg, name)))
			return;
		if (now() > end)
			fail("timeout waiting for the terminal's foreground",
			     want_shell ? "shell" : *name ? name : "job");
		pump(20);
	}
}

static void do_wait(void)
{
	double end = now() + timeout_s;

	for (;;) {
		reap();
		if (status >= 0)
			break;
		if (now() > end)
			fail("timeout waiting for the command to end", NULL);
		pump(20);
	}
	if (WIFEXITED(status))
		printf("exit %d\n", WEXITSTATUS(status));
	else
		printf("signal %d\n", WTERMSIG(status));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct winsize ws = { 24, 80, 0, 0 };
	char line[1024], *arg, *nl, *slave;
	sigset_t mask;
	FILE *script;
	int fd;

	if (argc < 3)
		die("usage: ptydrive SCRIPT COMMAND [ARG...]");
	if (getenv("PTYDRIVE_TIMEOUT"))
		timeout_s = atof(getenv("PTYDRIVE_TIMEOUT"));
	script = fopen(argv[1], "r");
	if (!script)
		die("%s: %s", argv[1], strerror(errno));
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) || unlockpt(master))
		die("posix_openpt: %s", strerror(errno));
	slave = ptsname(master);
	if (!slave)
		die("ptsname: %s", strerror(errno));
	fflush(stdout);
	child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		setsid();
		fd = open(slave, O_RDWR);	/* becomes the controlling tty */
		if (fd < 0)
			die("%s: %s", slave, strerror(errno));
		ioctl(fd, TIOCSCTTY, 0);
		ioctl(fd, TIOCSWINSZ, &ws);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		/* The terminal's user starts with default signal handling,
		 * whatever our caller ignored or blocked. */
		for (fd = 1; fd < NSIG; fd++)
			signal(fd, SIG_DFL);
		sigemptyset(&mask);
		sigprocmask(SIG_SETMASK, &mask, NULL);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "ptydrive: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (fgets(line, sizeof(line), script)) {
		lineno++;
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		arg = strchr(line, ' ');
		if (arg)
			*arg++ = '\0';
		else
			arg = line + strlen(line);
		if (!strcmp(line, "send"))
			do_send(arg);
		else if (!strcmp(line, "expect"))
			do_expect(arg);
		else if (!strcmp(line, "fg"))
			do_pgrp(0, arg);
		else if (!strcmp(line, "shell"))
			do_pgrp(1, "");
		else if (!strcmp(line, "wait"))
			do_wait();
		else
			fail("unknown script command", line);
	}
	reap();
	if (status < 0) {
		lineno++;
		fail("the script ended while the command was still running",
		     NULL);
	}
	return 0;
}
