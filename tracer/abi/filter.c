/*
 * Builds and installs the seccomp-bpf program.  The family test happens in
 * the kernel, so a socket() of a family that stays home never stops.
 *
 * Not libseccomp: its rules compare an argument with constants
 * (seccomp_rule_add(3)), so a set of families would take a rule per
 * family where this program tests membership with one shift and a JSET;
 * and the program here is a pure function of a filter_spec into a fixed
 * array, built without allocating, that tests/unit/filter runs without a
 * kernel and that the tracer copies as it is into a stopped program to
 * stack a families-only filter (policy/defaults.c).
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/net.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "abi/arch.h"
#include "abi/filter.h"
#include "abi/systable.h"
#include "net/msocket_nr.h"

#define ARG_LO(n) (offsetof(struct seccomp_data, args[n]))
#define ARG_HI(n) (offsetof(struct seccomp_data, args[n]) + 4)

/* Jump targets, resolved once the program is laid out. */
enum label {
	L_NONE, L_COMPAT, L_PIVOT_ROOT, L_SOCKET, L_SOCKET_HI, L_PAIR, L_PAIR_HI,
	L_SOCKETCALL, L_PTRACE, L_NOTIFY, L_SERVE, L_TRACE, L_ENOSYS, L_ALLOW, L_COUNT,
};

struct insn {
	struct sock_filter f;
	enum label jt, jf, at;
};

struct program {
	struct insn insn[FILTER_MAX_INSNS];
	unsigned int len;
	bool overflow;
	int where[L_COUNT];
};

static void emit(struct program *p, uint16_t code, uint32_t k, enum label jt, enum label jf)
{
	if (p->len == FILTER_MAX_INSNS) {
		p->overflow = true;
		return;
	}
	p->insn[p->len++] = (struct insn){ .f = BPF_STMT(code, k), .jt = jt, .jf = jf };
}

static void label(struct program *p, enum label l)
{
	p->where[l] = (int)p->len;
}

/* Conditional jump; L_NONE means "fall through". */
#define JEQ(p, k, t, f) emit(p, BPF_JMP | BPF_JEQ | BPF_K, k, t, f)
#define JGE(p, k, t, f) emit(p, BPF_JMP | BPF_JGE | BPF_K, k, t, f)
#define JSET(p, k, t, f) emit(p, BPF_JMP | BPF_JSET | BPF_K, k, t, f)
#define LD(p, off) emit(p, BPF_LD | BPF_W | BPF_ABS, off, L_NONE, L_NONE)
#define RET(p, k) emit(p, BPF_RET | BPF_K, k, L_NONE, L_NONE)

/* A = 1 << (A - base); then jump to @match if @mask has that bit. */
static void family_bit_test(struct program *p, uint32_t base, uint32_t mask,
			    enum label match)
{
	if (base)
		emit(p, BPF_ALU | BPF_SUB | BPF_K, base, L_NONE, L_NONE);
	emit(p, BPF_MISC | BPF_TAX, 0, L_NONE, L_NONE);
	emit(p, BPF_LD | BPF_IMM, 1, L_NONE, L_NONE);
	emit(p, BPF_ALU | BPF_LSH | BPF_X, 0, L_NONE, L_NONE);
	JSET(p, mask, match, L_ALLOW);
}

/* At @start: the family in args[0] goes to @match if in @set, else passes. */
static void family_test(struct program *p, family_set set, enum label start,
			enum label high, enum label match)
{
	label(p, start);
	LD(p, ARG_LO(0));
	JGE(p, FAMILY_LIMIT, L_ALLOW, L_NONE);
	JGE(p, 32, high, L_NONE);
	family_bit_test(p, 0, (uint32_t)set, match);
	label(p, high);
	family_bit_test(p, 32, (uint32_t)(set >> 32), match);
}

/* True if this kernel runs x32 system calls (x86_64 numbers | 0x40000000). */
static bool x32_supported(void)
{
	static int supported = -1;

	if (supported < 0)
		supported = syscall(ARCH_X32_SYSCALL_BIT | __NR_getpid) >= 0;
	return supported;
}

/*
 * pivot_root(NULL, n <= 6, VIRSYS_MSOCKET, args) is an msocket call
 * (msocket_abi.c); any other pivot_root() is the kernel's.
 */
static void pivot_root_msocket(struct program *p)
{
	label(p, L_PIVOT_ROOT);
	LD(p, ARG_LO(0));
	JEQ(p, 0, L_NONE, L_ALLOW);
	LD(p, ARG_HI(0));
	JEQ(p, 0, L_NONE, L_ALLOW);
	LD(p, ARG_HI(1));
	JEQ(p, 0, L_NONE, L_ALLOW);
	LD(p, ARG_LO(1));
	JGE(p, 7, L_ALLOW, L_NONE);
	LD(p, ARG_LO(2));
	JEQ(p, MSOCKET_VIRSYS, L_SERVE, L_ALLOW);
}

/*
 * The requests by which a process starts being traced: mstack lets go of
 * a process it holds first (ptrace(2): one tracer per thread).  Only the
 * low half of the request is compared: a call with more set is one the
 * kernel refuses, and stopping it too costs nothing.
 */
static void ptrace_requests(struct program *p)
{
	label(p, L_PTRACE);
	LD(p, ARG_LO(0));
	JEQ(p, PTRACE_TRACEME, L_NOTIFY, L_NONE);
	JEQ(p, PTRACE_ATTACH, L_NOTIFY, L_NONE);
	JEQ(p, PTRACE_SEIZE, L_NOTIFY, L_ALLOW);
}

/*
 * Where a call served as @serve goes, or L_NONE if @spec does not stop
 * it.  A families-only filter stops just the calls that may be of its
 * families.
 */
static enum label target(enum sys_serve serve, const struct filter_spec *spec)
{
	bool all = !spec->families_only;

	switch (serve) {
	case SERVE_FAMILY:
		return L_SOCKET;
	case SERVE_FAMILY_PAIR:
		return L_PAIR;
	case SERVE_SOCKETCALL:
		return L_SOCKETCALL;
	case SERVE_MSOCKET:
		return all ? L_SERVE : L_NONE;
	case SERVE_IDENTITY:
		return all ? (spec->unheld ? L_SERVE : L_TRACE) : L_NONE;
	case SERVE_PTRACE:
		return all && spec->unheld ? L_PTRACE : L_NONE;
	case SERVE_PIVOT_ROOT:
		return all ? L_PIVOT_ROOT : L_NONE;
	case SERVE_WATCH:
		return all && spec->watch ? L_TRACE : L_NONE;
	case SERVE_ENOSYS:
		return all ? L_ENOSYS : L_NONE;
	default:
		return L_NONE;
	}
}

/* Compares the number in A with the rows of @abi (exact ones if @exact). */
static void compare_calls(struct program *p, const struct filter_spec *spec,
			  enum sys_abi abi, bool exact)
{
	size_t n;
	const struct sys_row *rows = systable_rows(&n);

	for (size_t i = 0; i < n; i++) {
		enum label to = target(rows[i].serve, spec);

		if (rows[i].abi == abi && sys_serve_exact(rows[i].serve) == exact && to)
			JEQ(p, (uint32_t)rows[i].nr, to, L_NONE);
	}
}

/*
 * Which calls stop and how comes from the system call table
 * (abi/syscalls.def).  socket() goes to the user notification when there
 * is one; socketpair() and the msocket encodings to ptrace (two
 * descriptors must appear atomically; a path must be opened by the
 * program), where processes are held, and else to the notification too,
 * whose server then attaches for that one call.  A stacked filter that
 * @spec->deny's fails its families' calls with that errno instead.
 * The tracer's own injected calls need no pass: the kernel
 * checks a call the tracer put in place of the program's again, and a
 * ptrace stop then means "allow" (seccomp(2), SECCOMP_RET_TRACE); an
 * injected call that stops is simply resumed.  io_uring could make
 * sockets behind the tracer's back: no ring can be made, and a ring that
 * reaches the program anyway cannot be driven by system calls.  The
 * msocket encodings are matched before the x32 bit is cleared: they are
 * calls of the x86_64 ABI only.
 *
 * Every call the table does not list is allowed after looking at arch
 * and nr alone, before any argument: the kernel's cache of the calls a
 * filter allows whatever their arguments (Linux 5.11) can then skip this
 * filter, and a families-only filter stacked on it, for those calls.
 */
static void build(struct program *p, const struct filter_spec *spec)
{
	LD(p, offsetof(struct seccomp_data, arch));
	JEQ(p, ARCH_AUDIT, L_NONE, L_COMPAT);

	LD(p, offsetof(struct seccomp_data, nr));
	compare_calls(p, spec, SYS_ABI_X86_64, true);
	if (x32_supported())
		emit(p, BPF_ALU | BPF_AND | BPF_K, ~ARCH_X32_SYSCALL_BIT, L_NONE, L_NONE);
	else
		JSET(p, ARCH_X32_SYSCALL_BIT, L_ALLOW, L_NONE);	/* the kernel says ENOSYS */
	compare_calls(p, spec, SYS_ABI_X86_64, false);
	RET(p, SECCOMP_RET_ALLOW);

	label(p, L_COMPAT);
	JEQ(p, ARCH_COMPAT_AUDIT, L_NONE, L_ALLOW);
	LD(p, offsetof(struct seccomp_data, nr));
	compare_calls(p, spec, SYS_ABI_I386, false);
	RET(p, SECCOMP_RET_ALLOW);

	/* socketcall passes the family in memory: the tracer must look. */
	label(p, L_SOCKETCALL);
	LD(p, ARG_LO(0));
	JEQ(p, SYS_SOCKET, spec->families ? L_NOTIFY : L_ALLOW, L_NONE);
	JEQ(p, SYS_SOCKETPAIR, spec->families ? L_SERVE : L_ALLOW, L_ALLOW);

	if (!spec->families_only)
		pivot_root_msocket(p);
	if (!spec->families_only && spec->unheld)
		ptrace_requests(p);
	family_test(p, spec->families, L_SOCKET, L_SOCKET_HI, L_NOTIFY);
	family_test(p, spec->families, L_PAIR, L_PAIR_HI, L_SERVE);

	label(p, L_NOTIFY);
	RET(p, spec->deny ? SECCOMP_RET_ERRNO | (uint32_t)spec->deny :
	       spec->notify ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_TRACE);
	label(p, L_SERVE);
	RET(p, spec->deny ? SECCOMP_RET_ERRNO | (uint32_t)spec->deny :
	       spec->unheld ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_TRACE);
	label(p, L_TRACE);
	RET(p, SECCOMP_RET_TRACE);
	label(p, L_ENOSYS);
	RET(p, SECCOMP_RET_ERRNO | ENOSYS);
	label(p, L_ALLOW);
	RET(p, SECCOMP_RET_ALLOW);
}

/* Returns 0, or -EOVERFLOW if the program or a jump does not fit classic BPF. */
static int resolve(struct program *p, struct sock_filter *out)
{
	if (p->overflow)
		return -EOVERFLOW;
	for (unsigned int i = 0; i < p->len; i++) {
		struct insn *in = &p->insn[i];
		int jt = in->jt ? p->where[in->jt] - (int)i - 1 : 0;
		int jf = in->jf ? p->where[in->jf] - (int)i - 1 : 0;

		if (jt < 0 || jt > 255 || jf < 0 || jf > 255)
			return -EOVERFLOW;
		out[i] = in->f;
		out[i].jt = (uint8_t)jt;
		out[i].jf = (uint8_t)jf;
	}
	return 0;
}

int filter_build(const struct filter_spec *spec, struct sock_filter code[FILTER_MAX_INSNS])
{
	struct program p = { .len = 0 };
	int ret;

	build(&p, spec);
	ret = resolve(&p, code);
	return ret < 0 ? ret : (int)p.len;
}

/* Returns seccomp()'s result for @prog with @flags, or -errno. */
static long set_filter(unsigned int flags, struct sock_fprog *prog)
{
	long ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);

	if (ret < 0 && errno == EACCES) {
		/* Without CAP_SYS_ADMIN the kernel wants no_new_privs. */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			return -errno;
		ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
	}
	return ret < 0 ? -errno : ret;
}

/*
 * The filter always takes the listener, also when nothing is notified:
 * the kernel allows one per filter chain (seccomp(2), EBUSY), and a
 * program's own listener would outrank a ptrace stop and could let its
 * calls run unserved.  A kernel without listeners (before Linux 5.0)
 * gives the program none either, and EBUSY means that a filter mstack
 * runs under (a container's supervisor) holds the chain's listener
 * already: the program cannot have one there either.
 *
 * A received notification waits killable only wherever the kernel can
 * (Linux 5.19): a signal then cannot interrupt a socket() the tracer is
 * serving.  Older kernels say EINVAL; there the filter does without,
 * unless @spec insists.
 */
int filter_install(const struct filter_spec *spec)
{
	struct sock_filter code[FILTER_MAX_INSNS];
	struct sock_fprog prog = { .filter = code };
	unsigned int flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
	long ret;

	if (spec->notify)
		flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	ret = filter_build(spec, code);
	if (ret < 0)
		return (int)ret;
	prog.len = (unsigned short)ret;

	ret = set_filter(flags, &prog);
	if (ret == -EINVAL && spec->notify && !spec->wait_killable)
		ret = set_filter(flags & ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &prog);
	if ((ret == -EINVAL || ret == -EBUSY) && !spec->notify)
		ret = set_filter(0, &prog);
	return (int)ret;
}
