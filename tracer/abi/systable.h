/*
 * The one table of the system calls mstack stops, refuses or injects
 * (abi/syscalls.def): the filter is generated from it and the tracer's
 * decoders dispatch through it.
 */
#ifndef MSTACK_SYSTABLE_H
#define MSTACK_SYSTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sys_abi { SYS_ABI_X86_64, SYS_ABI_I386 };

/* What a call is, whatever its number in an ABI. */
enum sys_call {
	SC_socket, SC_socketpair, SC_socketcall,
	SC_msocket_vuos, SC_msocket_sysctl, SC_msocket_pivot_root,
	SC_unshare, SC_setns, SC_setgroups, SC_setgroups32, SC_ptrace,
	SC_bind, SC_connect, SC_sendto, SC_sendmsg, SC_listen, SC_accept, SC_accept4,
	SC_io_uring_setup, SC_io_uring_enter, SC_io_uring_register,
	SC_close, SC_fcntl, SC_dup3, SC_recvmsg, SC_openat, SC_seccomp, SC_prctl,
};

/* How the filter treats a call. */
enum sys_serve {
	SERVE_FAMILY,		/* stops when its family moves: notified if the filter notifies */
	SERVE_FAMILY_PAIR,	/* stops when its family moves: at ptrace if processes are held */
	SERVE_SOCKETCALL,	/* socket or socketpair in memory: stops if any family moves */
	SERVE_MSOCKET,		/* an msocket encoding: stops always (as a pair does) */
	SERVE_PIVOT_ROOT,	/* stops when its arguments are an msocket call (as a pair does) */
	SERVE_IDENTITY,		/* stops (notified if nothing is held): changes a thread's
				   namespaces or groups, which the tracer caches */
	SERVE_PTRACE,		/* notified when processes are not held: a request to trace */
	SERVE_WATCH,		/* stops at ptrace under -vv */
	SERVE_ENOSYS,		/* the filter fails it with ENOSYS */
	SERVE_INJECTED,		/* the filter lets it pass: only the tracer's injections matter */
};

struct sys_row {
	enum sys_abi abi;
	enum sys_call call;
	int nr;
	enum sys_serve serve;
	const char *name;	/* the kernel's name ("vuos" for VUOS's number) */
};

/*
 * True if calls served so match their number only without the x32 bit:
 * the msocket encodings are of the x86_64 ABI alone.
 */
static inline bool sys_serve_exact(enum sys_serve serve)
{
	return serve == SERVE_MSOCKET || serve == SERVE_PIVOT_ROOT;
}

/* Returns the rows of the table and their number in @n, in filter order. */
const struct sys_row *systable_rows(size_t *n);

/*
 * Returns the row of call @nr made with audit arch @arch (x32 numbers
 * included), or NULL for a call the table does not list.
 */
const struct sys_row *systable_find(uint32_t arch, int nr);

/* Returns the i386 number of the x86_64 call @nr, or -1 if it has none here. */
long systable_compat_nr(long nr);

#endif
