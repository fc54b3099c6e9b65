/*
 * The helper is a process started with clone3(CLONE_INTO_CGROUP) (Linux
 * 5.7), so it is in the cgroup from its first instruction.  It shares the
 * tracer's memory and descriptor table and the calling thread waits for
 * it (CLONE_VM | CLONE_FILES | CLONE_VFORK): no copy of the address space
 * is made, and the socket lands in the tracer's table directly.  It enters
 * the stack, takes the program's credentials (its own, not the tracer's),
 * makes the socket and exits.  The cgroup v2 hierarchy is found where the
 * tracer's mount table has it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "policy/cgroup.h"

#define HELPER_STACK (64 * 1024)

struct job {
	struct stack *s;
	int domain, type, protocol, pair;
	const struct creds *who;
	int fds[2];
	int result;
};

static char hierarchy[4096];	/* the cgroup v2 mount point, "" if none */
static pthread_once_t found = PTHREAD_ONCE_INIT;

/*
 * clone3() that runs @fn(@arg) on the new stack in the child, then exits
 * with its result.  Returns the child's pid, or -errno.  In assembly: a
 * child with a stack of its own cannot return through C frames.
 */
long cgroup_clone3(struct clone_args *args, size_t size, int (*fn)(void *), void *arg);
__asm__(".text\n"
	".type cgroup_clone3, @function\n"
	"cgroup_clone3:\n"
	"	mov %rdx, %r8\n"		/* fn and arg survive the syscall */
	"	mov %rcx, %r9\n"
	"	mov $" "435" ", %eax\n"	/* __NR_clone3 */
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	xor %ebp, %ebp\n"		/* the child: on its own stack */
	"	mov %r9, %rdi\n"
	"	call *%r8\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"		/* __NR_exit */
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n"
	".size cgroup_clone3, .-cgroup_clone3\n");

/* Finds the cgroup v2 mount of the tracer's mount namespace whose root is "/". */
static void find_hierarchy(void)
{
	char line[8192], root[4096], point[4096];
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, " - cgroup2 ") &&
		    sscanf(line, "%*s %*s %*s %4095s %4095s", root, point) == 2 &&
		    !strcmp(root, "/")) {
			snprintf(hierarchy, sizeof(hierarchy), "%s", point);
			break;
		}
	}
	fclose(f);
}

/* Returns an O_PATH descriptor of cgroup @path, or -errno. */
static int open_cgroup(const char *path)
{
	char full[8192];
	int fd;

	pthread_once(&found, find_hierarchy);
	if (!hierarchy[0])
		return -ENOENT;
	if (snprintf(full, sizeof(full), "%s%s", hierarchy, path) >= (int)sizeof(full))
		return -ENAMETOOLONG;
	fd = open(full, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* True if the calling task lives in @s (entering it again needs a privilege). */
static int lives_in(const struct stack *s)
{
	struct stat here, there;

	return stat("/proc/thread-self/ns/net", &here) == 0 && fstat(s->nsfd, &there) == 0 &&
	       here.st_ino == there.st_ino && here.st_dev == there.st_dev;
}

/* The helper: system calls only.  Sets @arg's result; returns the exit status. */
static int helper(void *arg)
{
	struct job *j = arg;
	int type = j->type | SOCK_CLOEXEC, ret;

	if (!lives_in(j->s) && setns(j->s->nsfd, CLONE_NEWNET) < 0) {
		j->result = -errno;
		return 0;
	}
	ret = creds_assume(j->who);
	if (ret < 0)
		j->result = ret;
	else if (j->pair)
		j->result = socketpair(j->domain, type, j->protocol, j->fds) < 0 ? -errno : 2;
	else
		j->result = (j->fds[0] = socket(j->domain, type, j->protocol)) < 0 ? -errno : 1;
	return 0;
}

int cgroup_socket(struct stack *s, int domain, int type, int protocol, int pair,
		  int fds[2], const struct creds *who)
{
	struct job job = { s, domain, type, protocol, pair, who, { -1, -1 }, -EIO };
	struct clone_args args = {
		.flags = CLONE_INTO_CGROUP | CLONE_VM | CLONE_FILES | CLONE_VFORK,
		.stack_size = HELPER_STACK,
	};
	char *stack;
	long pid;
	int dir;

	dir = open_cgroup(who->cgroup);
	if (dir < 0)
		return dir;
	stack = aligned_alloc(64, HELPER_STACK);
	if (!stack) {
		close(dir);
		return -ENOMEM;
	}
	args.stack = (uint64_t)(uintptr_t)stack;
	args.cgroup = (uint64_t)dir;
	pid = cgroup_clone3(&args, sizeof(args), helper, &job);	/* returns once it exited */
	close(dir);
	free(stack);
	if (pid < 0)
		return (int)pid;
	/* The tracer's event loop may reap it first: ECHILD is fine. */
	while (waitpid((pid_t)pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	fds[0] = job.fds[0];
	fds[1] = job.fds[1];
	return job.result;
}
