/* The fast path: seccomp user notification, one round trip per socket(). */
#ifndef MSTACK_NOTIFY_H
#define MSTACK_NOTIFY_H

#include <stdbool.h>
#include <linux/seccomp.h>

#include "net/stack.h"

/*
 * Starts the first of the threads (up to one per CPU, at most 4; another starts
 * when a call takes the last one waiting) that serve the notifications
 * of @listener from inside @home, each with the caller's default table;
 * with @log_before_answer (-v) a call is logged before the program gets
 * its answer; @unheld if the filter notifies what needs the ptrace thread
 * too (see notify_take()).  Call it from a thread with the tracer's own
 * identity.  Returns 0 or -errno (also when one cannot enter @home).
 */
int notify_start(int listener, struct stack *home, bool log_before_answer, bool unheld);

/*
 * Returns an eventfd that becomes readable when a notification is handed
 * to the ptrace thread, or -1.  Read it before taking them all with
 * notify_take(): one handed over after the read makes it readable again.
 */
int notify_wake_fd(void);

/*
 * Returns the next notification handed to the ptrace thread (to answer
 * with notify_answer() or by ending its call otherwise, then to give back
 * with notify_done()), or NULL if none waits.
 */
struct seccomp_notif *notify_take(void);

/* Answers with @error every notification of @tid waiting for the ptrace thread. */
void notify_restart(pid_t tid, int error);

/* Gives back @req, taken with notify_take(). */
void notify_done(struct seccomp_notif *req);

/*
 * Answers @req: the kernel makes the call if @cont, else it fails with
 * @error (negative).  A call that went away meanwhile needs no answer.
 */
void notify_answer(const struct seccomp_notif *req, int error, bool cont);

#endif
