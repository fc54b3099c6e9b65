/*
 * Unit test of the seccomp filter generator, without root: each generated
 * program runs on synthetic seccomp_data in a small interpreter, and each
 * case states the action it must give by hand (numbers from the kernel's
 * syscall tables, not from mstack's own); then the kernel must accept
 * each program (no_new_privs, then seccomp()).
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/net.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/filter.h"
#include "bpf_run.h"

#define X86	AUDIT_ARCH_X86_64
#define I386	AUDIT_ARCH_I386
#define ARM64	AUDIT_ARCH_AARCH64
#define X32	0x40000000

/* x86_64 numbers */
#define N_socket	41
#define N_socketpair	53
#define N_getpid	39
#define N_bind		49
#define N_connect	42
#define N_sendto	44
#define N_sendmsg	46
#define N_listen	50
#define N_accept	43
#define N_accept4	288
#define N_unshare	272
#define N_setns		308
#define N_pivot_root	155
#define N_sysctl	156
#define N_io_uring_setup 425
#define N_io_uring_enter 426
#define N_io_uring_register 427
/* i386 numbers */
#define I_socket	359
#define I_socketpair	360
#define I_socketcall	102
#define I_getpid	20
#define I_unshare	310
#define I_setns		346
#define I_pivot_root	217

#define ALLOW	SECCOMP_RET_ALLOW
#define TRACE	SECCOMP_RET_TRACE
#define NOTIF	SECCOMP_RET_USER_NOTIF
#define ENOSYS_	(SECCOMP_RET_ERRNO | ENOSYS)

#define INET	((family_set)1 << AF_INET)

enum spec { NOTIFY, PTRACE, WATCH, STACKED, NOTHING, HIGH, SPECS };

static const struct { const char *name; struct filter_spec spec; } specs[SPECS] = {
	[NOTIFY] = { "notify {inet}", { .families = INET, .notify = true } },
	[PTRACE] = { "ptrace {inet}", { .families = INET } },
	[WATCH] = { "notify -vv {inet}", { .families = INET, .notify = true, .watch = true } },
	[STACKED] = { "families-only {inet}", { .families = INET, .families_only = true } },
	[NOTHING] = { "notify {}", { .notify = true } },
	[HIGH] = { "notify {vsock}", { .families = (family_set)1 << AF_VSOCK, .notify = true } },
};

struct call {
	enum spec spec;
	uint32_t arch;
	int nr;
	uint64_t args[4];
	uint32_t want;		/* the action */
	uint32_t want_no_x32;	/* the action where the kernel has no x32 (0: want) */
};

static const struct call calls[] = {
	/* socket() and socketpair() stop for moved families only */
	{ NOTIFY, X86, N_socket, { AF_INET, SOCK_STREAM }, NOTIF, 0 },
	{ PTRACE, X86, N_socket, { AF_INET, SOCK_STREAM }, TRACE, 0 },
	{ NOTIFY, X86, N_socket, { AF_UNIX, SOCK_STREAM }, ALLOW, 0 },
	{ NOTIFY, X86, N_socket, { AF_INET6, SOCK_STREAM }, ALLOW, 0 },
	{ NOTIFY, X86, N_socket, { 64 }, ALLOW, 0 },
	{ NOTIFY, X86, N_socket, { 0xffffffff }, ALLOW, 0 },
	{ NOTIFY, X86, N_socketpair, { AF_INET, SOCK_STREAM }, TRACE, 0 },
	{ PTRACE, X86, N_socketpair, { AF_INET, SOCK_STREAM }, TRACE, 0 },
	{ NOTIFY, X86, N_socketpair, { AF_UNIX, SOCK_STREAM }, ALLOW, 0 },
	{ HIGH, X86, N_socket, { AF_VSOCK }, NOTIF, 0 },
	{ HIGH, X86, N_socket, { AF_VSOCK - 1 }, ALLOW, 0 },
	{ HIGH, X86, N_socket, { AF_INET }, ALLOW, 0 },
	{ HIGH, X86, N_socketpair, { AF_VSOCK }, TRACE, 0 },
	{ NOTHING, X86, N_socket, { AF_INET }, ALLOW, 0 },
	{ NOTIFY, I386, I_socket, { AF_INET }, NOTIF, 0 },
	{ PTRACE, I386, I_socket, { AF_INET }, TRACE, 0 },
	{ NOTIFY, I386, I_socket, { AF_UNIX }, ALLOW, 0 },
	{ NOTIFY, I386, I_socketpair, { AF_INET }, TRACE, 0 },
	{ NOTIFY, I386, I_socketpair, { AF_UNIX }, ALLOW, 0 },
	/* i386 socketcall: the family is in memory */
	{ NOTIFY, I386, I_socketcall, { SYS_SOCKET }, NOTIF, 0 },
	{ PTRACE, I386, I_socketcall, { SYS_SOCKET }, TRACE, 0 },
	{ NOTIFY, I386, I_socketcall, { SYS_SOCKETPAIR }, TRACE, 0 },
	{ NOTIFY, I386, I_socketcall, { SYS_BIND }, ALLOW, 0 },
	{ WATCH, I386, I_socketcall, { SYS_CONNECT }, ALLOW, 0 },
	{ NOTHING, I386, I_socketcall, { SYS_SOCKET }, ALLOW, 0 },
	{ NOTHING, I386, I_socketcall, { SYS_SOCKETPAIR }, ALLOW, 0 },
	/* x32: the x86_64 numbers with the x32 bit, where the kernel has x32 */
	{ NOTIFY, X86, X32 | N_socket, { AF_INET }, NOTIF, ALLOW },
	{ NOTIFY, X86, X32 | N_socket, { AF_UNIX }, ALLOW, 0 },
	{ NOTIFY, X86, X32 | N_socketpair, { AF_INET }, TRACE, ALLOW },
	{ WATCH, X86, X32 | N_connect, { 3 }, TRACE, ALLOW },
	{ NOTIFY, X86, X32 | N_unshare, { 0 }, TRACE, ALLOW },
	{ NOTIFY, X86, X32 | N_io_uring_setup, { 0 }, ENOSYS_, ALLOW },
	{ NOTIFY, X86, X32 | N_sysctl, { 0 }, ALLOW, 0 },
	{ NOTIFY, X86, X32 | N_pivot_root, { 0, 4, 2 }, ALLOW, 0 },
	{ NOTIFY, X86, X32 | N_getpid, { 0 }, ALLOW, 0 },
	/* another architecture is not looked at */
	{ NOTIFY, ARM64, 198 /* socket */, { AF_INET }, ALLOW, 0 },
	{ NOTIFY, ARM64, N_socket, { AF_INET }, ALLOW, 0 },
	{ NOTIFY, ARM64, -5, { 0 }, ALLOW, 0 },
	/* io_uring cannot be had */
	{ NOTIFY, X86, N_io_uring_setup, { 0 }, ENOSYS_, 0 },
	{ PTRACE, X86, N_io_uring_enter, { 0 }, ENOSYS_, 0 },
	{ NOTIFY, X86, N_io_uring_register, { 0 }, ENOSYS_, 0 },
	{ NOTIFY, I386, N_io_uring_setup, { 0 }, ENOSYS_, 0 },
	{ NOTIFY, I386, N_io_uring_enter, { 0 }, ENOSYS_, 0 },
	{ PTRACE, I386, N_io_uring_register, { 0 }, ENOSYS_, 0 },
	/* the msocket encodings of 64-bit programs */
	{ NOTIFY, X86, -5, { 0, AF_INET, SOCK_STREAM }, TRACE, 0 },
	{ NOTIFY, X86, N_sysctl, { 0x1000 }, TRACE, 0 },
	{ NOTIFY, X86, N_pivot_root, { 0, 4, 2, 0x1000 }, TRACE, 0 },
	{ NOTIFY, X86, N_pivot_root, { 0, 0, 2 }, TRACE, 0 },
	{ NOTIFY, X86, N_pivot_root, { 0, 6, 2 }, TRACE, 0 },
	{ NOTIFY, X86, N_pivot_root, { 0, 7, 2 }, ALLOW, 0 },
	{ NOTIFY, X86, N_pivot_root, { 0, 4, 3 }, ALLOW, 0 },
	{ NOTIFY, X86, N_pivot_root, { 0x1000, 0x2000 }, ALLOW, 0 },
	{ NOTIFY, X86, N_pivot_root, { 1ull << 32, 4, 2 }, ALLOW, 0 },
	{ NOTIFY, X86, N_pivot_root, { 0, (1ull << 32) | 4, 2 }, ALLOW, 0 },
	{ NOTIFY, I386, I_pivot_root, { 0, 4, 2 }, ALLOW, 0 },
	{ NOTIFY, I386, -5, { 0 }, ALLOW, 0 },
	/* -vv watches these, and only then */
	{ NOTIFY, X86, N_bind, { 3 }, ALLOW, 0 },
	{ NOTIFY, X86, N_connect, { 3 }, ALLOW, 0 },
	{ NOTIFY, X86, N_accept4, { 3 }, ALLOW, 0 },
	{ WATCH, X86, N_bind, { 3 }, TRACE, 0 },
	{ WATCH, X86, N_connect, { 3 }, TRACE, 0 },
	{ WATCH, X86, N_sendto, { 3 }, TRACE, 0 },
	{ WATCH, X86, N_sendmsg, { 3 }, TRACE, 0 },
	{ WATCH, X86, N_listen, { 3 }, TRACE, 0 },
	{ WATCH, X86, N_accept, { 3 }, TRACE, 0 },
	{ WATCH, X86, N_accept4, { 3 }, TRACE, 0 },
	{ WATCH, X86, N_getpid, { 0 }, ALLOW, 0 },
	{ WATCH, X86, N_socket, { AF_INET }, NOTIF, 0 },
	/* namespace changes */
	{ NOTIFY, X86, N_unshare, { 0 }, TRACE, 0 },
	{ PTRACE, X86, N_setns, { 3 }, TRACE, 0 },
	{ NOTIFY, I386, I_unshare, { 0 }, TRACE, 0 },
	{ NOTIFY, I386, I_setns, { 3 }, TRACE, 0 },
	/* everything else passes */
	{ NOTIFY, X86, N_getpid, { 0 }, ALLOW, 0 },
	{ PTRACE, I386, I_getpid, { 0 }, ALLOW, 0 },
	/* a filter stacked for families: their socket calls and nothing else */
	{ STACKED, X86, N_socket, { AF_INET }, TRACE, 0 },
	{ STACKED, X86, N_socket, { AF_UNIX }, ALLOW, 0 },
	{ STACKED, X86, N_socketpair, { AF_INET }, TRACE, 0 },
	{ STACKED, X86, N_socketpair, { AF_UNIX }, ALLOW, 0 },
	{ STACKED, X86, X32 | N_socket, { AF_INET }, TRACE, ALLOW },
	{ STACKED, I386, I_socket, { AF_INET }, TRACE, 0 },
	{ STACKED, I386, I_socketpair, { AF_INET }, TRACE, 0 },
	{ STACKED, I386, I_socketcall, { SYS_SOCKET }, TRACE, 0 },
	{ STACKED, I386, I_socketcall, { SYS_SOCKETPAIR }, TRACE, 0 },
	{ STACKED, X86, -5, { 0 }, ALLOW, 0 },
	{ STACKED, X86, N_sysctl, { 0 }, ALLOW, 0 },
	{ STACKED, X86, N_pivot_root, { 0, 4, 2 }, ALLOW, 0 },
	{ STACKED, X86, N_unshare, { 0 }, ALLOW, 0 },
	{ STACKED, X86, N_io_uring_setup, { 0 }, ALLOW, 0 },
	{ STACKED, I386, I_unshare, { 0 }, ALLOW, 0 },
	{ STACKED, I386, N_io_uring_setup, { 0 }, ALLOW, 0 },
	{ STACKED, X86, N_getpid, { 0 }, ALLOW, 0 },
};

static const char *action(uint32_t a)
{
	static char text[32];

	switch (a) {
	case ALLOW: return "ALLOW";
	case TRACE: return "TRACE";
	case NOTIF: return "USER_NOTIF";
	case ENOSYS_: return "ERRNO(ENOSYS)";
	}
	snprintf(text, sizeof(text), "%#x", a);
	return text;
}

/* Returns 0 if @c gives its action, else 1 (reported). */
static int run(const struct sock_filter *prog, int len, const struct call *c, bool x32)
{
	struct seccomp_data d = { .nr = c->nr, .arch = c->arch };
	uint32_t want = !x32 && c->want_no_x32 ? c->want_no_x32 : c->want, got;

	memcpy(d.args, c->args, sizeof(c->args));
	if (bpf_run(prog, len, &d, &got) == 0 && got == want)
		return 0;
	printf("FAIL: %s: arch %#x nr %d args %#llx, %#llx, %#llx: %s (want %s)\n",
	       specs[c->spec].name, c->arch, c->nr, (unsigned long long)c->args[0],
	       (unsigned long long)c->args[1], (unsigned long long)c->args[2],
	       action(got), action(want));
	return 1;
}

/* Returns 0 if the kernel takes @prog in a child, else 1 (reported). */
static int kernel_accepts(const char *name, struct sock_filter *prog, int len)
{
	struct sock_fprog fprog = { .len = (unsigned short)len, .filter = prog };
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (!pid) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0) {
			printf("FAIL: %s: the kernel refuses the program: %s\n", name,
			       strerror(errno));
			fflush(stdout);
			_exit(1);
		}
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	return !WIFEXITED(status) || WEXITSTATUS(status);
}

int main(void)
{
	struct sock_filter prog[SPECS][FILTER_MAX_INSNS];
	int len[SPECS], failed = 0;
	bool x32 = syscall(X32 | N_getpid) >= 0;

	for (int s = 0; s < SPECS; s++) {
		len[s] = filter_build(&specs[s].spec, prog[s]);
		if (len[s] <= 0) {
			printf("FAIL: %s: filter_build: %d\n", specs[s].name, len[s]);
			return 1;
		}
		failed |= kernel_accepts(specs[s].name, prog[s], len[s]);
	}
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		failed |= run(prog[calls[i].spec], len[calls[i].spec], &calls[i], x32);
	if (!failed)
		printf("PASS: %zu calls under %d filters (x32 %s)\n",
		       sizeof(calls) / sizeof(calls[0]), SPECS, x32 ? "on" : "off");
	return failed;
}
