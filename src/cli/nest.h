/* Nesting: an mstack run inside an mstack session. */
#ifndef MSTACK_NEST_H
#define MSTACK_NEST_H

#include "cli/options.h"

/*
 * If an enclosing mstack traces us, hands it our defaults through msocket
 * SOCK_DEFAULT (ptrace does not nest; View-OS's mstack worked this way).
 * Returns 1 if it took them, 0 if there is no enclosing mstack, or -errno.
 */
int nest_set_defaults(const struct options *o);

#endif
