/* Reading and writing a tracee's memory. */
#ifndef MSTACK_MEMORY_H
#define MSTACK_MEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Copies @len bytes at @addr of @tid into @buf. Returns 0 or -errno (EFAULT). */
int memory_read(pid_t tid, uint64_t addr, void *buf, size_t len);

/* Copies @buf to @addr of @tid. Returns 0 or -errno (EFAULT). */
int memory_write(pid_t tid, uint64_t addr, const void *buf, size_t len);

/*
 * Checks that @len bytes at @addr are writable by rewriting them with their
 * own contents, so that a later write cannot fail after descriptors were
 * installed.  Returns 0 or -EFAULT.
 */
int memory_probe_writable(pid_t tid, uint64_t addr, size_t len);

#endif
