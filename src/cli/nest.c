/*
 * The enclosing tracer is found by asking it: msocket(NULL, 0, SOCK_DEFAULT)
 * is EINVAL for a tracer and ENOSYS for a kernel alone.  The VUOS encoding
 * (syscall -5) is used; its number exists on no architecture.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli/nest.h"
#include "net/msocket_nr.h"
#include "net/stack_name.h"

/* Returns 0 or -errno. */
static int msocket_default(const char *path, int family)
{
	return syscall(MSOCKET_NR_VUOS, path, family, MSOCKET_SOCK_DEFAULT, 0) < 0 ? -errno : 0;
}

/*
 * Returns the msocket path under which the enclosing tracer finds @stack
 * (filled in @n), or NULL if @stack names nothing: also new, which no
 * file names.
 */
static const char *stack_path(const char *stack, struct stack_name *n)
{
	if (stack_name_parse(stack, STACK_SYNTAX_COMMAND, n) < 0)
		return NULL;
	if (n->kind == STACK_NAME_NULL)
		return STACK_PATH_NULL;
	if (n->kind == STACK_NAME_NEW)
		return NULL;
	if (n->kind == STACK_NAME_NATIVE)
		return STACK_PATH_NATIVE;
	return n->file;
}

int nest_set_defaults(const struct options *o)
{
	struct stack_name n = { .kind = STACK_NAME_PATH };
	const char *path;
	int ret = msocket_default(NULL, 0);

	if (ret == -ENOSYS)
		return 0;
	if (ret != -EINVAL)
		return ret;
	if (stack_name_vde(o->stack))
		return -EOPNOTSUPP;	/* the enclosing tracer has no such stack */
	path = stack_path(o->stack, &n);
	if (!path)
		return n.kind == STACK_NAME_NEW ? -ENOTSUP : -ENOENT;
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
