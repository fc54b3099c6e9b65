/* Intercepted socket calls, decoded without touching a process (see msocket_abi.h). */
#ifndef MSTACK_SOCKCALL_H
#define MSTACK_SOCKCALL_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "abi/msocket_abi.h"

struct stack;

enum sockcall_kind { CALL_SOCKET, CALL_SOCKETPAIR, CALL_MSOCKET };

struct sockcall {
	enum sockcall_kind kind;
	bool compat;		/* i386 ABI */
	bool in_memory;		/* its arguments were read from memory (socketcall) */
	int domain, type, protocol;
	uint64_t sv;		/* socketpair: where the descriptors go */
	int encoding;		/* msocket: the syscall that carried it */
	const char *path;	/* msocket: the path, NULL for none */
	pid_t tid;
	struct stack *stack;	/* where it goes */
	bool own_netns;		/* or the namespace the thread chose itself */
	const char *why;	/* why that stack */
	const char *backtrace;	/* -k: the program's stack, formatted */
};

/*
 * Decodes the call described by @d, made by @tid, whose memory @read
 * (with @ctx) copies; @c->stack is left NULL.  Every socket call of any
 * family decodes (see sockcall.c).  Returns 0, -EFAULT (socketcall
 * arguments unreadable) or -ENOSYS (not a call mstack handles).
 */
int sockcall_decode(const struct seccomp_data *d, pid_t tid, msocket_reader read, void *ctx,
		    struct sockcall *c);

/*
 * True if the kernel may make decoded call @c itself, as the program
 * asked: its arguments were all in registers, which the kernel reads as
 * they were when we looked (seccomp_unotify(2)).  A socketcall()'s are in
 * memory that another thread may change before the kernel reads it again.
 */
static inline bool sockcall_may_continue(const struct sockcall *c)
{
	return !c->in_memory;
}

/* True if the descriptor must be close-on-exec in the program. */
static inline bool sockcall_cloexec(const struct sockcall *c)
{
	return (c->type & 02000000) != 0;	/* SOCK_CLOEXEC */
}

#endif
