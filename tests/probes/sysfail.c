/*
 * sysfail FEATURE... -- COMMAND [ARG]...: runs COMMAND as on a kernel
 * without FEATUREs, with a seccomp filter that fails their calls the way
 * such a kernel does:
 *
 *	close_range	close_range() fails with ENOSYS (before Linux 5.9)
 *	addfd		SECCOMP_IOCTL_NOTIF_ADDFD fails with EINVAL (before 5.9)
 *	killable	seccomp() with SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
 *			fails with EINVAL (before 5.19)
 *	uname		uname() fails with EPERM: the version is no help
 *	restore		setresuid() to a saved uid of 0 fails with EPERM: a
 *			root tracer cannot take its own identity back after
 *			taking on a program's (it sets no saved uid then)
 *
 * The filter stays for COMMAND and everything it starts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "common.h"

#ifndef __NR_close_range
#define __NR_close_range 436
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

#define MAX_INSNS 64
#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JUMP(code, k, t, f) ((struct sock_filter)BPF_JUMP(code, k, t, f))
#define FAIL(err) STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err))
#define ARG_LO(n) (offsetof(struct seccomp_data, args[n]))

struct feature {
	const char *name;
	int nr;
	int arg;		/* the argument to test, or -1 */
	int jset;		/* test a bit (JSET) rather than a value (JEQ) */
	unsigned int value;
	int err;
};

static const struct feature features[] = {
	{ "close_range", __NR_close_range, -1, 0, 0, ENOSYS },
	{ "addfd", __NR_ioctl, 1, 0, (unsigned int)SECCOMP_IOCTL_NOTIF_ADDFD, EINVAL },
	{ "killable", __NR_seccomp, 1, 1, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, EINVAL },
	{ "uname", __NR_uname, -1, 0, 0, EPERM },
	{ "restore", __NR_setresuid, 2, 0, 0, EPERM },
};

/* Appends the instructions that fail @f's calls; returns the new length. */
static int add(struct sock_filter *p, int n, const struct feature *f)
{
	if (f->arg < 0) {
		p[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)f->nr, 0, 1);
		p[n++] = FAIL(f->err);
		return n;
	}
	p[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)f->nr, 0, 3);
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(f->arg));
	p[n++] = JUMP(BPF_JMP | (f->jset ? BPF_JSET : BPF_JEQ) | BPF_K, f->value, 0, 1);
	p[n++] = FAIL(f->err);
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	return n;
}

int main(int argc, char **argv)
{
	struct sock_filter code[MAX_INSNS];
	struct sock_fprog prog = { .filter = code };
	int i, n = 0;
	size_t k;

	code[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	code[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	code[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	code[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		for (k = 0; k < sizeof(features) / sizeof(features[0]); k++)
			if (!strcmp(argv[i], features[k].name))
				break;
		if (k == sizeof(features) / sizeof(features[0]))
			die("unknown feature %s", argv[i]);
		n = add(code, n, &features[k]);
	}
	if (i + 1 >= argc)
		die("usage: sysfail FEATURE... -- COMMAND [ARG]...");
	code[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	/* No no_new_privs for root (CAP_SYS_ADMIN): COMMAND runs as it would. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) &&
	    (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)))
		die("seccomp: %s", strerror(errno));
	execvp(argv[i + 1], argv + i + 1);
	die("%s: %s", argv[i + 1], strerror(errno));
}
