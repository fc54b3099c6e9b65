/*
 * Yama's ptrace_scope (ptrace(2), "/proc/sys/kernel/yama/ptrace_scope"):
 * at 1 an attachment needs CAP_SYS_PTRACE, or a tracee that is our
 * descendant or named us with PR_SET_PTRACER.  The kernel makes no such
 * check for what it attaches itself (PTRACE_O_TRACEFORK and its kin), and
 * lets a tracer read the memory and take the descriptors of the processes
 * it traces whatever their ancestry.
 */
#include <fcntl.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ptrace/yama.h"

#define SCOPE "/proc/sys/kernel/yama/ptrace_scope"

/* Returns Yama's ptrace_scope, 0 if the kernel has no Yama. */
static int ptrace_scope(void)
{
	char c = '0';
	int fd = open(SCOPE, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (read(fd, &c, 1) != 1)
		c = '0';
	close(fd);
	return c - '0';
}

/* Returns true if CAP_SYS_PTRACE is in our effective set. */
static bool may_trace_anyone(void)
{
	struct __user_cap_header_struct head = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0 } };

	if (syscall(SYS_capget, &head, data) < 0)
		return false;
	return data[CAP_TO_INDEX(CAP_SYS_PTRACE)].effective & CAP_TO_MASK(CAP_SYS_PTRACE);
}

bool yama_descendants_only(void)
{
	return ptrace_scope() == 1 && !may_trace_anyone();
}
