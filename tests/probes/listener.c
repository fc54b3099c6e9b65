/*
 * listener SPEC...: installs a seccomp filter of its own that sends
 * socket() to a user-notification listener, served by a thread that
 * answers every notification with SECCOMP_USER_NOTIF_FLAG_CONTINUE (the
 * kernel then runs the call as if no filter had stopped it).  Prints
 * "listener installed" or "listener errno=E", then makes the sockets of
 * sock_specs: none of them may bypass mstack.
 *
 * listener --hold COMMAND...: a supervisor's filter, one that allows
 * everything but holds its chain's listener, then execs COMMAND (mstack
 * run under a container's seccomp supervisor).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

/* Installs a filter that allows everything, with a listener. Returns it or -1. */
static int install_holder(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("no_new_privs: %s", strerror(errno));
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

static int install(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("no_new_privs: %s", strerror(errno));
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

/* Lets every socket() the filter stops run in the kernel, unchanged. */
static void *supervise(void *arg)
{
	int listener = *(int *)arg;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			return NULL;
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

int main(int argc, char **argv)
{
	static int listener;
	pthread_t thread;

	if (argc > 2 && !strcmp(argv[1], "--hold")) {
		if (install_holder() < 0)
			die("listener: %s", strerror(errno));
		execvp(argv[2], argv + 2);
		die("%s: %s", argv[2], strerror(errno));
	}
	listener = install();
	if (listener < 0) {
		printf("listener errno=%s\n", errno_name(errno));
	} else {
		printf("listener installed\n");
		if (pthread_create(&thread, NULL, supervise, &listener))
			die("pthread_create failed");
	}
	fflush(stdout);
	sock_specs(argc - 1, argv + 1);
	return 0;
}
