/*
 * msocket(path, domain, type, protocol): a socket in the stack at @path
 * whatever the defaults, in the default stack for @domain when @path is
 * NULL, and with type SOCK_DEFAULT a change of the caller's defaults.
 * Errors as View-OS gave them: ENOENT, ENOTSUP (not a stack), EINVAL
 * (SOCK_DEFAULT without a path), EAFNOSUPPORT (null stack); plus EFAULT
 * and ENAMETOOLONG for bad arguments, the program's own open errors
 * (EACCES, ELOOP...) and connect errors for a mounted stack (EACCES,
 * ECONNREFUSED: stale), and EPERM for a namespace the program could not
 * enter itself.  A thread in a network namespace of its own choosing has
 * no default stack but that namespace (see tracee_own_netns()).
 */
#include <errno.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>

#include "net/msocket_nr.h"
#include "policy/defaults.h"
#include "policy/path_stacks.h"
#include "policy/tracee.h"
#include "ptrace/inject.h"
#include "ptrace/memory.h"
#include "report/backtrace.h"
#include "report/log.h"
#include "serve/make.h"
#include "serve/msocket_call.h"
#include "serve/ptrace_path.h"

/* A socket in the caller's own stack: let the kernel make it. */
static long own_stack_socket(struct inject *ij, const struct sockcall *c)
{
	const uint64_t args[6] = { (uint64_t)c->domain, (uint64_t)c->type,
				   (uint64_t)c->protocol, 0, 0, 0 };

	return inject_syscall(ij, __NR_socket, args);
}

/*
 * A socket in the default stack for its family: the table's, or the
 * thread's own namespace.  Returns the call's result, or -errno (with
 * *@note when mstack is the reason).
 */
static long default_socket(struct inject *ij, const struct table *table, struct sockcall *c,
			   int got[2], const char **note)
{
	int own = make_own_netns(c, note);

	if (own < 0)
		return own;
	if (own)
		return own_stack_socket(ij, c);
	c->stack = table_lookup(table, c->domain);
	if (!c->stack)
		return own_stack_socket(ij, c);
	return ptrace_path_make(ij, c, got, note);
}

/* Returns the call's result, or -errno with *@note when mstack is the reason. */
static long perform(struct inject *ij, const struct msocket_args *a, const struct table *table,
		    struct sockcall *c, char path[PATH_MAX], int got[2], const char **note)
{
	int err = 0;

	if (a->domain < 0 || a->domain >= AF_MAX || a->type < INT_MIN || a->type > INT_MAX ||
	    a->protocol < INT_MIN || a->protocol > INT_MAX)
		return a->domain < 0 || a->domain >= AF_MAX ? -EAFNOSUPPORT : -EINVAL;
	c->domain = (int)a->domain;
	c->type = (int)a->type;
	c->protocol = (int)a->protocol;
	if (a->path) {
		c->why = "msocket path";
		err = msocket_read_path(memory_reader, &ij->tid, a->path, path);
		if (err < 0)
			return err;
		c->path = path;
		c->stack = stacks_resolve(ij, a->path, path, &err, note);
		if (!c->stack)
			return err;
		err = stacks_permit(ij->tid, table_on_null(table, c->domain), c->stack, note);
		if (err < 0)
			return err;
	} else if (c->type == MSOCKET_SOCK_DEFAULT) {
		return -EINVAL;
	} else {
		return default_socket(ij, table, c, got, note);
	}
	if (c->type == MSOCKET_SOCK_DEFAULT)
		return defaults_set(ij, table, c->domain, c->stack, note);
	return ptrace_path_make(ij, c, got, note);
}

void msocket_serve(pid_t tid, const struct seccomp_data *d, const struct table *table,
		   int stop)
{
	struct sockcall c = { .kind = CALL_MSOCKET, .tid = tid, .why = "default" };
	struct msocket_args a;
	char path[PATH_MAX], backtrace[8192];
	const char *note = NULL;
	struct inject ij;
	int got[2] = { -1, -1 };
	long result;

	result = msocket_decode(d, memory_reader, &tid, &a);
	if (result == 0) {
		inject_resume(tid);	/* not msocket: the kernel answers */
		return;
	}
	if (inject_begin(&ij, tid, false, stop) < 0)	/* msocket: 64-bit programs only */
		return;
	c.encoding = d->nr;
	if (log_on())
		c.backtrace = backtrace_of(tracee_process(tid), tid, backtrace, sizeof(backtrace));
	if (result > 0)
		result = perform(&ij, &a, table, &c, path, got, &note);
	if (log_on() && !ij.gone)
		log_call(&c, result, got, note);
	if (c.path && c.stack)
		stacks_put(c.stack);	/* held by stacks_resolve() */
	inject_end(&ij, result);
}
