/* The msocket virtual system call, raw: see vcall.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "msprobe.h"
#include "vcall.h"

#define VUOS_MSOCKET	(-5)	/* VUOS: a number no architecture uses */
#define VIRSYS_MSOCKET	2	/* View-OS: pivot_root's third argument */

/* struct __sysctl_args, as <linux/sysctl.h> had it. */
struct sysctl_args {
	int *name;
	int nlen;
	void *oldval;
	size_t *oldlenp;
	void *newval;
	size_t newlen;
	unsigned long unused[4];
};

static const char *const names[] = {
	[VCALL_VUOS] = "vuos", [VCALL_PIVOT] = "pivot", [VCALL_SYSCTL] = "sysctl",
	[VCALL_PIVOT_OTHER] = "pivot-other", [VCALL_SYSCTL_OTHER] = "sysctl-other",
};

int vcall_encoding(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

long vcall(enum vcall_encoding enc, const char *path, long domain, long type,
	   long protocol, int bad_block)
{
	static long *good, *bad;
	struct sysctl_args sa;
	long *block;

	if (!good) {
		good = guarded(6 * sizeof(long));
		bad = guarded(2 * sizeof(long));
	}
	block = bad_block ? bad : good;
	if (enc == VCALL_VUOS)
		return syscall(VUOS_MSOCKET, path, domain, type, protocol);
	memset(good, 0, 6 * sizeof(long));
	block[0] = (long)path;
	block[1] = domain;
	if (!bad_block) {
		block[2] = type;
		block[3] = protocol;
	}
	if (enc == VCALL_PIVOT || enc == VCALL_PIVOT_OTHER)
		return syscall(SYS_pivot_root, NULL, enc == VCALL_PIVOT ? 4 : 7,
			       VIRSYS_MSOCKET, block);
	memset(&sa, 0, sizeof(sa));
	sa.name = NULL;
	sa.nlen = enc == VCALL_SYSCTL ? 2 : 3;
	sa.newval = block;
	sa.newlen = 4;
	return syscall(SYS__sysctl, &sa);
}
