/*
 * The argument block of the recvmsg() the ptrace path injects: a msghdr,
 * its iovec, a one-byte buffer and room for two SCM_RIGHTS descriptors,
 * laid out in the program's own ABI (x86_64 or i386).
 */
#ifndef MSTACK_RECV_BLOCK_H
#define MSTACK_RECV_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct recv_block {
	unsigned char bytes[128];
	size_t len;
	bool compat;
};

/* Lays out @b for a program of the i386 ABI if @compat, to be copied to @at. */
void recv_block_build(struct recv_block *b, bool compat, uint64_t at);

/* Returns how many descriptors (up to 2) the filled block carries, in @fds. */
int recv_block_fds(const struct recv_block *b, int fds[2]);

#endif
