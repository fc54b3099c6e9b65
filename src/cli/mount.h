/* mstack --mount SPEC PATH: a stack kept alive and published at PATH. */
#ifndef MSTACK_MOUNT_H
#define MSTACK_MOUNT_H

#include "cli/options.h"

/*
 * Makes the stack @o->stack (new or a VDE network), serves it at
 * @o->mount_path until SIGTERM, SIGINT or SIGHUP, then removes the
 * socket file.  Returns the exit status: 0, or EXIT_STACK with the
 * reason said.
 */
int mount_main(const struct options *o);

#endif
