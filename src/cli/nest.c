/*
 * The enclosing tracer is found by asking it: msocket(NULL, 0, SOCK_DEFAULT)
 * is EINVAL for a tracer and ENOSYS for a kernel alone.  The VUOS encoding
 * (syscall -5) is used; its number exists on no architecture.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli/nest.h"
#include "net/msocket_nr.h"

/* Returns 0 or -errno. */
static int msocket_default(const char *path, int family)
{
	return syscall(MSOCKET_NR_VUOS, path, family, MSOCKET_SOCK_DEFAULT, 0) < 0 ? -errno : 0;
}

/* Writes the path the enclosing tracer resolves for @stack into @buf. */
static void stack_path(const char *stack, char *buf, size_t len)
{
	if (!strcmp(stack, "null") || !strcmp(stack, "/dev/net/null"))
		snprintf(buf, len, "/dev/net/null");
	else if (!strcmp(stack, "native") || !strcmp(stack, "/dev/net/native"))
		snprintf(buf, len, "/dev/net/native");
	else if (!strchr(stack, '/'))
		snprintf(buf, len, "/run/netns/%s", stack);
	else
		snprintf(buf, len, "%s", stack);
}

int nest_set_defaults(const struct options *o)
{
	char path[PATH_MAX + 16];
	int ret = msocket_default(NULL, 0);

	if (ret == -ENOSYS)
		return 0;
	if (ret != -EINVAL)
		return ret;
	stack_path(o->stack, path, sizeof(path));
	if (o->families == FAMILY_ALL)
		return msocket_default(path, 0) ?: 1;
	for (int f = 1; f < AF_MAX; f++) {
		if (!family_in(o->families, f))
			continue;
		ret = msocket_default(path, f);
		if (ret < 0)
			return ret;
	}
	return 1;
}
