/* The ptrace path: sockets handed over by an injected recvmsg(). */
#ifndef MSTACK_PTRACE_PATH_H
#define MSTACK_PTRACE_PATH_H

#include <linux/seccomp.h>
#include <sys/types.h>

#include "ptrace/inject.h"
#include "abi/sockcall.h"
#include "policy/tables.h"

/*
 * Makes @c's socket(s) in @c->stack and installs them in the program;
 * @got receives the program's descriptor numbers.
 * Returns the call's result (descriptor or 0), or -errno with *@note set
 * when mstack itself is the reason.
 */
long ptrace_path_make(struct inject *ij, struct sockcall *c, int got[2], const char **note);

/*
 * Serves socket call @d of @tid (at its seccomp stop) with @table; @stop
 * as for inject_begin().
 */
void ptrace_path_serve(pid_t tid, const struct seccomp_data *d, const struct table *table,
		       int stop);

#endif
