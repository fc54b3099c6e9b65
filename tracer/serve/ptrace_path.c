/*
 * The pure-ptrace path, for socketpair() always and for socket() with
 * --ptrace-only or kernels without seccomp user notification.  At the
 * seccomp stop the tracer makes the socket(s) in the stack, queues them on
 * the thread's descriptor channel and replaces the program's call with
 * recvmsg(channel, MSG_CMSG_CLOEXEC?) — the kernel then installs them at
 * the lowest free descriptors, exactly where socket() would have.  The call
 * of a thread in a network namespace of its own choosing is resumed as it
 * was, for the kernel to make (see make_decide()).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <unistd.h>

#include "abi/recv_block.h"
#include "policy/tracee.h"
#include "ptrace/channel.h"
#include "ptrace/memory.h"
#include "report/backtrace.h"
#include "report/log.h"
#include "serve/make.h"
#include "serve/ptrace_path.h"

/* Closes the @n descriptors the program received for a call that failed. */
static void take_back(struct inject *ij, const int *fds, int n)
{
	static const uint64_t none[6];

	for (int i = 0; i < n; i++) {
		uint64_t args[6];

		memcpy(args, none, sizeof(args));
		args[0] = (uint64_t)fds[i];
		inject_syscall(ij, __NR_close, args);
	}
}

/*
 * Runs recvmsg() on @ch in the program, through a block below its stack
 * pointer that is put back as it was.  Returns how many descriptors it
 * received (their numbers in @got), or -errno.
 */
static long receive(struct inject *ij, const struct sockcall *c, struct channel *ch,
		    int got[2])
{
	uint64_t at = inject_scratch(ij, sizeof(((struct recv_block *)0)->bytes));
	struct memory_saved saved;
	struct recv_block block;
	uint64_t args[6] = { 0 };
	long ret;

	recv_block_build(&block, ij->compat, at);
	ret = memory_save(&saved, ij->tid, at, block.len);
	if (!ret)
		ret = memory_write(ij->tid, at, block.bytes, block.len);
	args[0] = (uint64_t)ch->num;
	args[1] = at;
	args[2] = MSG_DONTWAIT | (sockcall_cloexec(c) ? MSG_CMSG_CLOEXEC : 0);
	if (!ret)
		ret = inject_syscall(ij, __NR_recvmsg, args);
	if (ret >= 0)
		ret = memory_read(ij->tid, at, block.bytes, block.len);
	memory_restore(&saved);
	return ret < 0 ? ret : recv_block_fds(&block, got);
}

/*
 * Installs our @n descriptors @ours in the program for call @c; @got
 * receives the program's numbers for them.
 * Returns the program's result (descriptor or 0), or -errno with *@note.
 */
static long deliver(struct inject *ij, const struct sockcall *c, const int *ours, int n,
		    int got[2], const char **note)
{
	struct channel *ch;
	int err;
	long ret;

	ch = channel_get(ij, &err);
	if (!ch) {
		*note = "cannot set up the descriptor channel";
		return err;
	}
	ret = channel_send(ch, ours, n);
	if (ret < 0) {
		*note = "cannot queue the descriptor";
		return ret;
	}
	ret = receive(ij, c, ch, got);
	if (ret < 0) {
		channel_drain(ch);
		*note = "cannot hand the descriptor over";
		return ret;
	}
	if (ret < n) {
		/* No room in the descriptor table: the kernel dropped the rest. */
		take_back(ij, got, (int)ret);
		*note = NULL;
		return -EMFILE;
	}
	if (c->kind != CALL_SOCKETPAIR)
		return got[0];
	ret = memory_write(ij->tid, c->sv, got, 2 * sizeof(int));
	if (ret < 0) {
		take_back(ij, got, 2);
		return ret;
	}
	return 0;
}

/*
 * True if socketpair() failing with @err in a stack fails so in every
 * stack: then the kernel may answer the program's own call, which reports
 * EMFILE and EFAULT first, as without mstack.
 */
static bool pair_fails_everywhere(const struct sockcall *c, long err)
{
	if (c->kind != CALL_SOCKETPAIR || c->stack->kind != STACK_NETNS)
		return false;
	return err == -EOPNOTSUPP ||	/* the family has no pairs */
	       (c->domain == AF_UNIX && (err == -ESOCKTNOSUPPORT || err == -EPROTONOSUPPORT));
}

/*
 * Runs the program's socketpair() itself: put in place of the program's
 * call, the kernel checks it again and lets it run (seccomp(2)).
 */
static long kernel_socketpair(struct inject *ij, const struct sockcall *c)
{
	const uint64_t args[6] = { (uint64_t)c->domain, (uint64_t)c->type,
				   (uint64_t)c->protocol, c->sv, 0, 0 };

	return inject_syscall(ij, __NR_socketpair, args);
}

long ptrace_path_make(struct inject *ij, struct sockcall *c, int got[2], const char **note)
{
	int ours[2] = { -1, -1 };
	long result;

	result = make_sockets(c, ours, note);
	if (pair_fails_everywhere(c, result))
		return kernel_socketpair(ij, c);
	if (result > 0 && c->kind == CALL_SOCKETPAIR) {
		long err = memory_probe_writable(ij->tid, c->sv, 2 * sizeof(int));

		result = err ? err : result;
	}
	if (result > 0)
		result = deliver(ij, c, ours, (int)result, got, note);
	for (int i = 0; i < 2; i++)
		if (ours[i] >= 0)
			close(ours[i]);
	return result;
}

/* Gives @c the program's stack (-k), formatted in @buf of @len. Returns @c. */
static struct sockcall *with_backtrace(struct sockcall *c, char *buf, size_t len)
{
	if (!c->compat)	/* the unwinder knows x86_64 only */
		c->backtrace = backtrace_of(tracee_process(c->tid), c->tid, buf, len);
	return c;
}

void ptrace_path_serve(pid_t tid, const struct seccomp_data *d, const struct table *table,
		       int stop)
{
	char backtrace[8192];
	const char *note = NULL;
	struct inject ij;
	struct sockcall c;
	int got[2] = { -1, -1 };
	long result;

	result = make_decide(d, tid, table, &c, &note);
	if (result == -ENOSYS) {
		inject_resume(tid);	/* not a socket call: the kernel runs it */
		return;
	}
	if (result == MAKE_KERNEL) {
		if (log_on())
			log_call(with_backtrace(&c, backtrace, sizeof(backtrace)), result, got,
				 NULL);
		inject_resume(tid);	/* the kernel makes it: see make_decide() */
		return;
	}
	if (inject_begin(&ij, tid, c.compat, stop) < 0)
		return;
	if (log_on())
		with_backtrace(&c, backtrace, sizeof(backtrace));
	if (!result)
		result = ptrace_path_make(&ij, &c, got, &note);
	if (log_on() && !ij.gone)
		log_call(&c, result, got, note);
	inject_end(&ij, result);
}
