/* Shared helpers of the msocket probes (on top of tests/probes/common.h). */
#ifndef MSTACK_TESTS_MSPROBE_H
#define MSTACK_TESTS_MSPROBE_H

#include <stddef.h>

/*
 * A buffer of @len bytes that ends right where a PROT_NONE page begins;
 * with @len 0, the address of that page.
 */
void *guarded(size_t len);

/* The name of errno value @err; ENOTSUP (= EOPNOTSUPP) by that name. */
const char *errno_text(int err);

/*
 * The line "STEP RESULT" of a call that returned @ret (errno @err) when
 * the lowest free descriptor was @lowest. RESULT is cookie=N (a socket:
 * its network namespace, and the socket is closed), ok (0 from a
 * SOCK_DEFAULT call), ret=N (another value from one), or errno=E (see
 * errno_text). A socket must have taken the lowest free number, and
 * anything else must have left it free; otherwise
 * " fd=N, lowest free was M (now WHAT)" follows, WHAT being what
 * descriptor M now is (readlink of /proc/self/fd/M).
 */
void step_result(const char *step, int sets_default, long ret, int err, int lowest,
		 char *out, size_t len);

#endif
