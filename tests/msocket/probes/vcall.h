/*
 * The msocket virtual system call of View-OS and VUOS, issued with raw
 * syscall() as old programs do, written from the documented binary
 * interface (msocket(3), The binary interface), not from mstack's own header.
 */
#ifndef MSTACK_TESTS_VCALL_H
#define MSTACK_TESTS_VCALL_H

#include <stddef.h>

enum vcall_encoding {
	VCALL_VUOS,	/* syscall(-5, path, domain, type, protocol) */
	VCALL_PIVOT,	/* pivot_root(NULL, 4, 2, long args[6]) */
	VCALL_SYSCTL,	/* _sysctl(&{ NULL, 2, ..., long[6] newval, 4 }) */
	/* Look-alikes that are not msocket calls: the kernel answers them. */
	VCALL_PIVOT_OTHER,	/* pivot_root(NULL, 7, 2, args): 7 > 6 */
	VCALL_SYSCTL_OTHER,	/* _sysctl with nlen 3 */
};

/* The type that sets a default instead of making a socket. */
#define VCALL_SOCK_DEFAULT 0

/* "vuos", "pivot", "sysctl", "pivot-other" or "sysctl-other"; or -1. */
int vcall_encoding(const char *name);

/*
 * msocket(path, domain, type, protocol) in encoding @enc. With
 * @bad_block, the argument block of pivot_root (args) or _sysctl
 * (newval) runs into an unreadable page after its first two longs.
 * Returns what syscall() returns (-1 with errno on failure).
 */
long vcall(enum vcall_encoding enc, const char *path, long domain, long type,
	   long protocol, int bad_block);

#endif
