/*
 * Unit test of the system call table, without root: every row's number
 * must be the kernel's own for its name and ABI (the table states the
 * numbers, as the two ABIs' headers exclude each other), a number no
 * kernel uses must be negative, and the generated filter must stop every
 * row that says it stops (run in the interpreter of bpf_run.h).
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/net.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "abi/filter.h"
#include "abi/systable.h"
#include "bpf_run.h"
#include "kernel_nr.h"
#include "net/msocket_nr.h"

/* Returns 0 if @r has the kernel's number, else 1 (reported). */
static int check_number(const struct sys_row *r)
{
	const struct kernel_nr *k = r->abi == SYS_ABI_I386 ? kernel_nr_i386 : kernel_nr_x86_64;
	size_t n = r->abi == SYS_ABI_I386 ? kernel_nr_i386_len : kernel_nr_x86_64_len;
	const char *abi = r->abi == SYS_ABI_I386 ? "i386" : "x86_64";

	for (size_t i = 0; i < n; i++) {
		if (strcmp(k[i].name, r->name))
			continue;
		if (k[i].nr == r->nr)
			return 0;
		printf("FAIL: %s %s is %d in the table, %ld in the kernel\n", abi, r->name,
		       r->nr, k[i].nr);
		return 1;
	}
	if (r->nr < 0)		/* not a kernel call */
		return 0;
	printf("FAIL: %s %s (%d): no such kernel call\n", abi, r->name, r->nr);
	return 1;
}

/* Returns arguments with which a call served as @serve stops, in @args. */
static void stopping_args(enum sys_serve serve, uint64_t args[6])
{
	memset(args, 0, 6 * sizeof(args[0]));
	if (serve == SERVE_FAMILY || serve == SERVE_FAMILY_PAIR)
		args[0] = AF_INET;
	else if (serve == SERVE_SOCKETCALL)
		args[0] = SYS_SOCKET;
	else if (serve == SERVE_PIVOT_ROOT)
		args[1] = 4, args[2] = MSOCKET_VIRSYS;
}

/*
 * Returns what the notifying filter for -vv (which holds every process),
 * or if @unheld the one that holds none, does with @r, as the table says.
 */
static uint32_t expected(const struct sys_row *r, bool unheld)
{
	switch (r->serve) {
	case SERVE_INJECTED:
		return SECCOMP_RET_ALLOW;
	case SERVE_ENOSYS:
		return SECCOMP_RET_ERRNO | ENOSYS;
	case SERVE_FAMILY:
	case SERVE_SOCKETCALL:
		return SECCOMP_RET_USER_NOTIF;
	case SERVE_PTRACE:
		return unheld ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_ALLOW;
	case SERVE_IDENTITY:
		return unheld ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_TRACE;
	case SERVE_WATCH:
		return unheld ? SECCOMP_RET_ALLOW : SECCOMP_RET_TRACE;
	default:	/* socketpair and the msocket encodings */
		return unheld ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_TRACE;
	}
}

/*
 * Returns 0 if filter @prog (holding no process if @unheld) stops (or
 * refuses) @r as it says, else 1; the stopping socket calls are of
 * AF_INET, which it moves.
 */
static int check_filter(const struct sock_filter *prog, int len, const struct sys_row *r,
			bool unheld)
{
	struct seccomp_data d = {
		.nr = r->nr, .arch = r->abi == SYS_ABI_I386 ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64,
	};
	uint32_t want = expected(r, unheld);
	uint32_t got;

	stopping_args(r->serve, (uint64_t *)d.args);
	if (bpf_run(prog, len, &d, &got) == 0 && got == want)
		return 0;
	printf("FAIL: the filter gives %s (%d) %#x, not %#x\n", r->name, r->nr, got, want);
	return 1;
}

int main(void)
{
	const struct filter_spec held = {
		.families = (family_set)1 << AF_INET, .notify = true, .watch = true,
	};
	const struct filter_spec unheld = {
		.families = (family_set)1 << AF_INET, .notify = true, .unheld = true,
	};
	struct sock_filter prog[FILTER_MAX_INSNS], prog_unheld[FILTER_MAX_INSNS];
	const struct sys_row *rows;
	size_t n;
	int len, len_unheld, failed = 0;

	rows = systable_rows(&n);
	len = filter_build(&held, prog);
	len_unheld = filter_build(&unheld, prog_unheld);
	if (len <= 0 || len_unheld <= 0) {
		printf("FAIL: filter_build: %d, %d\n", len, len_unheld);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		failed |= check_number(&rows[i]);
		failed |= check_filter(prog, len, &rows[i], false);
		failed |= check_filter(prog_unheld, len_unheld, &rows[i], true);
	}
	if (!failed)
		printf("PASS: %zu rows match the kernel's numbers and the filter\n", n);
	return failed;
}
