/*
 * The View-OS msocket binary interface, decoded without touching a process:
 * memory comes through a reader, so the decoder can be fuzzed on its own.
 */
#ifndef MSTACK_MSOCKET_ABI_H
#define MSTACK_MSOCKET_ABI_H

#include <limits.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies @len bytes at @addr into @buf. Returns 0 or -errno. */
typedef int (*msocket_reader)(void *ctx, uint64_t addr, void *buf, size_t len);

struct msocket_args {
	uint64_t path;		/* 0: the default stack for the domain */
	long domain, type, protocol;
};

/* True if @d is one of the syscalls that may carry an msocket call. */
bool msocket_is_encoding(const struct seccomp_data *d);

/*
 * Decodes @d.  Returns 1 with @a filled, 0 if @d is not an msocket call
 * (the kernel answers it), or -EFAULT if it is one whose argument block
 * cannot be read.
 */
int msocket_decode(const struct seccomp_data *d, msocket_reader read, void *ctx,
		   struct msocket_args *a);

/*
 * Reads the NUL-terminated path at @addr into @buf.
 * Returns its length, -EFAULT, or -ENAMETOOLONG (no NUL within PATH_MAX).
 */
int msocket_read_path(msocket_reader read, void *ctx, uint64_t addr, char buf[PATH_MAX]);

#endif
