/* Reading and writing a tracee's memory. */
#ifndef MSTACK_MEMORY_H
#define MSTACK_MEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Copies @len bytes at @addr of @tid into @buf. Returns 0 or -errno (EFAULT). */
int memory_read(pid_t tid, uint64_t addr, void *buf, size_t len);

/* memory_read() as a reader of the abi decoders; @ctx points to the pid_t. */
int memory_reader(void *ctx, uint64_t addr, void *buf, size_t len);

/* Copies @buf to @addr of @tid. Returns 0 or -errno (EFAULT). */
int memory_write(pid_t tid, uint64_t addr, const void *buf, size_t len);

/*
 * Checks that @len bytes at @addr are writable by rewriting them with their
 * own contents, so that a later write cannot fail after descriptors were
 * installed.  Returns 0 or -EFAULT.
 */
int memory_probe_writable(pid_t tid, uint64_t addr, size_t len);

/* Bytes of a program's memory that an injected call borrows. */
#define MEMORY_SAVED_MAX 1088

struct memory_saved {
	pid_t tid;
	uint64_t addr;
	size_t len;
	unsigned char bytes[MEMORY_SAVED_MAX];
};

/*
 * Keeps the @len bytes at @addr of @tid in @s, for memory_restore().
 * Returns 0 or -errno (-EINVAL past MEMORY_SAVED_MAX).
 */
int memory_save(struct memory_saved *s, pid_t tid, uint64_t addr, size_t len);

/*
 * Puts the bytes kept in @s back, so that nothing of the tracer's stays
 * where the program can read it.  Returns 0 or -errno.
 */
int memory_restore(const struct memory_saved *s);

#endif
