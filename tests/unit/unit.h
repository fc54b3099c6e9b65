/*
 * What the unit tests share: one "FAIL: ..." line per failed check, and
 * a verdict at the end.  The tests need no root and look at no network
 * namespace but their own.
 */
#ifndef MSTACK_UNIT_H
#define MSTACK_UNIT_H

/* Says what failed (a check of the test), and counts it. */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the verdict on @what; returns the exit status: 0 pass, 1 fail. */
int unit_result(const char *what);

#endif
