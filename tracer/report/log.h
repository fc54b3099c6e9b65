/* The -v trace: one whole line per intercepted call. */
#ifndef MSTACK_LOG_H
#define MSTACK_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <sys/types.h>

#include "abi/sockcall.h"

/* One line of the report, built in memory and written with one write(2). */
struct log_line {
	char buf[16384];	/* room for a backtrace */
	size_t len;
};

/*
 * Sends the report to @fd; @calls if -v asked for the calls.  Called once,
 * before any other thread starts.
 */
void log_init(int fd, bool calls);

/* True if calls are logged (-v). */
bool log_on(void);

/*
 * Notes that @child was made by @parent (in its process if @thread): until
 * the child is seen, the report calls it by its parent's name.
 */
void log_adopt(pid_t parent, pid_t child, bool thread);

/* Forgets what the report called @tid (it has exited). */
void log_forget(pid_t tid);

/* Starts @l with "mstack: TGID/TID COMM: ". */
void log_begin(struct log_line *l, pid_t tid);

void log_put(struct log_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vput(struct log_line *l, const char *fmt, va_list ap);

/* Appends the @len bytes at @s as strace quotes a string ("a\\nb"). */
void log_put_quoted(struct log_line *l, const char *s, size_t len);

/*
 * Appends the name @s (a process or stack name) with the escapes of
 * log_put_quoted() for backslashes and non-printable bytes, unquoted.
 */
void log_put_name(struct log_line *l, const char *s);

/* Appends " = N" or " = -1 ENAME (message)". */
void log_put_result(struct log_line *l, long result);

/* Ends @l with a newline and writes it. */
void log_end(struct log_line *l);

/*
 * Logs @c with its outcome: @result is the value the program sees (a
 * descriptor, 0, or -errno); @fds the pair for socketpair; @note, if not
 * NULL, says why mstack itself failed the call.  A call of the thread's
 * own network namespace (@c->own_netns) not failed by mstack, but
 * msocket, is the kernel's to make: its result is not known, shown as "?".
 */
void log_call(const struct sockcall *c, long result, const int fds[2], const char *note);

/* Logs a tracer problem that is not tied to one call. */
void log_problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
