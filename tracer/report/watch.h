/* -vv: what programs do with the sockets mstack moved. */
#ifndef MSTACK_WATCH_H
#define MSTACK_WATCH_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <sys/types.h>

/* Turns the -vv report on; called once, before any other thread starts. */
void watch_init(bool on);

/* True with -vv. */
bool watch_on(void);

/* True if @d is one of the calls -vv watches. */
bool watch_is_watched(const struct seccomp_data *d);

/*
 * Serves watched call @d at @tid's seccomp stop: if its descriptor is a
 * socket on another stack than the caller's, logs the call with its
 * address and result.  Resumes the thread.
 */
void watch_serve(pid_t tid, const struct seccomp_data *d);

/* Finishes the line of @tid's watched call at its exit stop; resumes it. */
void watch_exit(pid_t tid);

/* Drops the line of @tid's watched call, if any (it has exited). */
void watch_forget(pid_t tid);

/* Logs a process event ("+++ exited with 0 +++" ...) for @tid. */
void watch_event(pid_t tid, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
