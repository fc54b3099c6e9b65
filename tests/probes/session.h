/* Finding the tracer of the session a program runs in (session.c). */
#ifndef MSTACK_PROBE_SESSION_H
#define MSTACK_PROBE_SESSION_H

#include <sys/types.h>

/*
 * Returns the tracer of this session (see session.c), 0 if none is found
 * now, -1 if more than one or if $MSTACK is not set.
 */
pid_t session_tracer_find(void);

#endif
