/* Serving the View-OS msocket call. */
#ifndef MSTACK_MSOCKET_H
#define MSTACK_MSOCKET_H

#include <linux/seccomp.h>
#include <sys/types.h>

#include "abi/msocket_abi.h"
#include "policy/tables.h"

/*
 * Serves msocket encoding @d at @tid's seccomp stop, with the caller's
 * @table; @stop as for inject_begin().
 */
void msocket_serve(pid_t tid, const struct seccomp_data *d, const struct table *table,
		   int stop);

#endif
