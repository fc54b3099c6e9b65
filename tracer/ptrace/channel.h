/*
 * The ptrace path's descriptor channel: a unix datagram socket the program
 * holds at a high descriptor number, through which the tracer passes
 * sockets with SCM_RIGHTS.  One per descriptor table.
 */
#ifndef MSTACK_CHANNEL_H
#define MSTACK_CHANNEL_H

#include <sys/types.h>

#include "ptrace/inject.h"

struct channel {
	int refs;
	pid_t owner;		/* a thread whose descriptor table holds it */
	int num;		/* its descriptor number there */
	int send_fd;		/* the tracer's end */
	int recv_dup;		/* the tracer's copy of the program's end */
};

/*
 * Returns the channel usable by the thread of @ij, setting one up (with
 * injected calls) when the program has none or closed it.  Returns NULL
 * with *@err = -errno.
 */
struct channel *channel_get(struct inject *ij, int *err);

/* Gives new thread @child the channel of @parent as its guess. */
void channel_adopt(pid_t parent, pid_t child);

/* Drops @tid's guess (it has exited). */
void channel_forget(pid_t tid);

/*
 * Queues @n descriptors for the program's end of @ch.
 * Returns 0 or -errno.
 */
int channel_send(struct channel *ch, const int *fds, int n);

/* Drops anything queued on @ch that the program did not take. */
void channel_drain(struct channel *ch);


#endif
