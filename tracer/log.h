/* The -v trace: one whole line per intercepted call. */
#ifndef MSTACK_LOG_H
#define MSTACK_LOG_H

#include "sockcall.h"

/*
 * Logs @c with its outcome: @result is the value the program sees (a
 * descriptor, 0, or -errno); @fds the pair for socketpair; @note, if not
 * NULL, says why mstack itself failed the call.
 */
void log_call(const struct sockcall *c, long result, const int fds[2], const char *note);

/* Logs a tracer problem that is not tied to one call. */
void log_problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
