/* Taking a copy of a program's descriptor. */
#ifndef MSTACK_TRACEE_FD_H
#define MSTACK_TRACEE_FD_H

#include <sys/types.h>

/* Returns the tracer's close-on-exec copy of @tid's descriptor @fd, or -errno. */
int tracee_fd_fetch(pid_t tid, int fd);

#endif
