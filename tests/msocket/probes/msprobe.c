/* Shared helpers of the msocket probes: see msprobe.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "common.h"
#include "msprobe.h"

void *guarded(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t span = (len + page - 1) / page * page;
	char *p;

	p = mmap(NULL, span + page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	if (mprotect(p + span, page, PROT_NONE))
		die("mprotect: %s", strerror(errno));
	return p + span - len;
}

const char *errno_text(int err)
{
	const char *name;

	if (err == ENOTSUP)	/* EOPNOTSUPP too: View-OS's name for it */
		return "ENOTSUP";
	name = strerrorname_np(err);
	return name ? name : errno_name(err);
}

void step_result(const char *step, int sets_default, long ret, int err, int lowest,
		 char *out, size_t len)
{
	char text[64];
	int after;

	if (ret < 0)
		snprintf(text, sizeof(text), "errno=%s", errno_text(err));
	else if (sets_default)
		snprintf(text, sizeof(text), ret ? "ret=%ld" : "ok", ret);
	else
		sock_text((int)ret, 0, text, sizeof(text));
	if (ret >= 0 && !sets_default) {
		after = (int)ret;
		close((int)ret);
	} else {
		after = lowest_free_fd();
	}
	if (after != lowest) {
		char link[64], target[128] = "?";
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", lowest);
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0)
			target[n] = '\0';
		snprintf(out, len, "%s %s fd=%d, lowest free was %d (now %s)", step, text,
			 after, lowest, target);
	}
	else
		snprintf(out, len, "%s %s", step, text);
}
