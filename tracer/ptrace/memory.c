/*
 * Tracee memory through process_vm_readv/writev: one syscall per access,
 * no stop needed, and a clean EFAULT for unmapped or read-only pages.
 */
#include <errno.h>
#include <sys/uio.h>

#include "ptrace/memory.h"

/* Returns 0, or -errno; a short transfer counts as EFAULT. */
static int transfer(pid_t tid, uint64_t addr, void *buf, size_t len, int write)
{
	struct iovec local = { .iov_base = buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)addr, .iov_len = len };
	ssize_t n;

	if (!len)
		return 0;
	n = write ? process_vm_writev(tid, &local, 1, &remote, 1, 0)
		  : process_vm_readv(tid, &local, 1, &remote, 1, 0);
	if (n < 0)
		return errno == ESRCH ? -ESRCH : -EFAULT;
	return (size_t)n == len ? 0 : -EFAULT;
}

int memory_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	return transfer(tid, addr, buf, len, 0);
}

int memory_reader(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return memory_read(*(const pid_t *)ctx, addr, buf, len);
}

int memory_write(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	return transfer(tid, addr, (void *)buf, len, 1);
}

int memory_probe_writable(pid_t tid, uint64_t addr, size_t len)
{
	unsigned char buf[16];
	int ret;

	if (len > sizeof(buf))
		return -EINVAL;
	ret = memory_read(tid, addr, buf, len);
	if (!ret)
		ret = memory_write(tid, addr, buf, len);
	return ret;
}

int memory_save(struct memory_saved *s, pid_t tid, uint64_t addr, size_t len)
{
	int ret = len > sizeof(s->bytes) ? -EINVAL : memory_read(tid, addr, s->bytes, len);

	s->tid = tid;
	s->addr = addr;
	s->len = ret ? 0 : len;	/* nothing to put back */
	return ret;
}

int memory_restore(const struct memory_saved *s)
{
	return memory_write(s->tid, s->addr, s->bytes, s->len);
}
