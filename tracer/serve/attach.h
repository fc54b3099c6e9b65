/* Attachment on demand, where no process is held from its start. */
#ifndef MSTACK_ATTACH_H
#define MSTACK_ATTACH_H

/*
 * Blocks SIGCHLD, to be read from the signalfd it returns: call it before
 * any other thread starts, which then inherit the mask.
 * Returns the signalfd or -errno.
 */
int attach_prepare(void);

/*
 * The ptrace thread's loop: serves the calls the notification threads
 * hand over, and the ptrace stops of processes the session holds
 * (SIGCHLD on @sfd), until the filter of @listener has no process left.
 */
void attach_loop(int listener, int sfd);

#endif
