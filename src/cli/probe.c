/*
 * Probing seccomp user notification by trying it: distribution kernels
 * backport features, so the version number cannot tell.  A filter cannot
 * be removed, so the probe runs in the process that detaches the tracer,
 * after the fork (src/cli/launch.c), right before it exits.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli/probe.h"

/* Installs a filter that allows everything; returns its listener or -1. */
static int throwaway_listener(unsigned int flags)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			    SECCOMP_FILTER_FLAG_NEW_LISTENER | flags, &prog);
}

int probe_notify(void)
{
	struct seccomp_notif_addfd addfd = { .flags = SECCOMP_ADDFD_FLAG_SEND };
	int listener, found = 0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return 0;
	listener = throwaway_listener(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	if (listener >= 0)
		found |= NOTIFY_WAIT_KILLABLE;
	else
		listener = throwaway_listener(0);
	/*
	 * No notification is pending, so a kernel that knows the flag
	 * looks for the id and fails with ENOENT; one that does not (or
	 * has no ADDFD at all) fails with EINVAL first. The source must be
	 * open (EBADF comes before ENOENT): the listener itself.
	 */
	if (listener < 0)
		return found;
	addfd.srcfd = (unsigned int)listener;
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) < 0 && errno == ENOENT)
		found |= NOTIFY_ADDFD_SEND;
	return found;
}

void probe_decide(struct session *s, int found)
{
	/* Without SECCOMP_ADDFD_FLAG_SEND, ptrace only. */
	s->ptrace_only = s->ptrace_only || !(found & NOTIFY_ADDFD_SEND);
	/*
	 * -v logs a socket() before answering it, so that lines keep the
	 * order of the calls; the call must then not be interrupted between
	 * the descriptor's installation and the answer (WAIT_KILLABLE_RECV).
	 */
	s->log_before_answer = s->verbose && (found & NOTIFY_WAIT_KILLABLE);
}
