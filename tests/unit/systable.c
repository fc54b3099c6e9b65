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
 * Returns 0 if the notifying filter for -vv stops (or refuses) @r as it
 * says, else 1; the stopping socket calls are of AF_INET, which it moves.
 */
static int check_filter(const struct sock_filter *prog, int len, const struct sys_row *r)
{
	struct seccomp_data d = {
		.nr = r->nr, .arch = r->abi == SYS_ABI_I386 ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64,
	};
	uint32_t want = r->serve == SERVE_INJECTED ? SECCOMP_RET_ALLOW :
			r->serve == SERVE_ENOSYS ? SECCOMP_RET_ERRNO | ENOSYS :
			r->serve == SERVE_FAMILY || r->serve == SERVE_SOCKETCALL ?
			SECCOMP_RET_USER_NOTIF : SECCOMP_RET_TRACE;
	uint32_t got;

	stopping_args(r->serve, (uint64_t *)d.args);
	if (bpf_run(prog, len, &d, &got) == 0 && got == want)
		return 0;
	printf("FAIL: the filter gives %s (%d) %#x, not %#x\n", r->name, r->nr, got, want);
	return 1;
}

int main(void)
{
	const struct filter_spec spec = {
		.families = (family_set)1 << AF_INET, .notify = true, .watch = true,
	};
	struct sock_filter prog[FILTER_MAX_INSNS];
	const struct sys_row *rows;
	size_t n;
	int len, failed = 0;

	rows = systable_rows(&n);
	len = filter_build(&spec, prog);
	if (len <= 0) {
		printf("FAIL: filter_build: %d\n", len);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		failed |= check_number(&rows[i]);
		failed |= check_filter(prog, len, &rows[i]);
	}
	if (!failed)
		printf("PASS: %zu rows match the kernel's numbers and the filter\n", n);
	return failed;
}
