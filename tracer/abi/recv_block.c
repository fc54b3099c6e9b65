/*
 * Two layouts of one block.  The kernel reads the msghdr in the ABI of the
 * calling program: the i386 one has 32-bit pointers and lengths, and its
 * control messages align on 4 bytes.
 */
#include <string.h>
#include <sys/socket.h>

#include "abi/recv_block.h"

struct block64 {
	struct msghdr msg;
	struct iovec iov;
	/*
	 * Aligned as a struct cmsghdr (whose size_t leads it), which cannot
	 * be a member here: it ends in a flexible array.
	 */
	union {
		size_t align;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} control;
	char byte;
};

/* struct cmsghdr of the i386 ABI: no padding after it, its data aligns on 4. */
struct cmsghdr32 {
	uint32_t len;
	int32_t level, type;
};

struct block32 {
	uint32_t msg_name, msg_namelen, msg_iov, msg_iovlen, msg_control, msg_controllen, msg_flags;
	uint32_t iov_base, iov_len;
	struct {
		struct cmsghdr32 head;
		int32_t fds[2];
	} control;
	char byte;
};

_Static_assert(sizeof(struct block64) <= sizeof(((struct recv_block *)0)->bytes), "block64");
_Static_assert(sizeof(struct block32) <= sizeof(((struct recv_block *)0)->bytes), "block32");

#define AT(at, type, field) ((at) + offsetof(type, field))

void recv_block_build(struct recv_block *b, bool compat, uint64_t at)
{
	memset(b, 0, sizeof(*b));
	b->compat = compat;
	if (compat) {
		struct block32 *k = (struct block32 *)b->bytes;

		k->iov_base = (uint32_t)AT(at, struct block32, byte);
		k->iov_len = 1;
		k->msg_iov = (uint32_t)AT(at, struct block32, iov_base);
		k->msg_iovlen = 1;
		k->msg_control = (uint32_t)AT(at, struct block32, control);
		k->msg_controllen = sizeof(k->control);
		b->len = sizeof(*k);
	} else {
		struct block64 *k = (struct block64 *)b->bytes;

		k->iov.iov_base = (void *)(uintptr_t)AT(at, struct block64, byte);
		k->iov.iov_len = 1;
		k->msg.msg_iov = (void *)(uintptr_t)AT(at, struct block64, iov);
		k->msg.msg_iovlen = 1;
		k->msg.msg_control = (void *)(uintptr_t)AT(at, struct block64, control);
		k->msg.msg_controllen = sizeof(k->control);
		b->len = sizeof(*k);
	}
}

/* Returns the descriptors (up to 2) a control message of @len bytes, @head of them header, carries. */
static int count_fds(size_t controllen, size_t len, size_t head, int level, int type)
{
	int n;

	if (controllen < head || level != SOL_SOCKET || type != SCM_RIGHTS ||
	    len < head + sizeof(int))
		return 0;
	n = (int)((len - head) / sizeof(int));
	return n > 2 ? 2 : n;
}

int recv_block_fds(const struct recv_block *b, int fds[2])
{
	int n;

	if (b->compat) {
		const struct block32 *k = (const struct block32 *)b->bytes;

		n = count_fds(k->msg_controllen, k->control.head.len, sizeof(k->control.head),
			      k->control.head.level, k->control.head.type);
		memcpy(fds, k->control.fds, (size_t)n * sizeof(int));
	} else {
		const struct block64 *k = (const struct block64 *)b->bytes;
		const struct cmsghdr *c = (const struct cmsghdr *)k->control.buf;

		n = count_fds(k->msg.msg_controllen, c->cmsg_len, CMSG_LEN(0),
			      c->cmsg_level, c->cmsg_type);
		memcpy(fds, CMSG_DATA(c), (size_t)n * sizeof(int));
	}
	return n;
}
