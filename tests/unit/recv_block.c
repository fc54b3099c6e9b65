/*
 * Unit test of the recvmsg() argument block that the ptrace path injects
 * (tracer/abi/recv_block.c): its bytes are checked at the offsets the
 * kernel reads, written out here by hand, for both ABIs.
 *   x86_64: struct msghdr of 56 bytes (pointers and lengths of 8 bytes),
 *           struct cmsghdr of 16, control messages aligned on 8.
 *   i386 (the kernel's compat_msghdr): 28 bytes of 4-byte fields,
 *           a 12-byte cmsghdr header, alignment on 4.
 * Then the reading of the block the kernel filled: the descriptors of an
 * SCM_RIGHTS message, and none from anything else.
 */
#include <stdint.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "abi/recv_block.h"
#include "unit.h"

static uint64_t get(const struct recv_block *b, size_t off, size_t size)
{
	uint64_t v = 0;

	memcpy(&v, b->bytes + off, size);	/* little-endian */
	return v;
}

static void put(struct recv_block *b, size_t off, size_t size, uint64_t v)
{
	memcpy(b->bytes + off, &v, size);
}

/* Checks the field of @size bytes at @off of @b. */
static void field(const struct recv_block *b, const char *abi, const char *name,
		  size_t off, size_t size, uint64_t want)
{
	uint64_t got = get(b, off, size);

	if (got != want)
		fail("%s: %s (%zu bytes at %zu) is %#llx (want %#llx)", abi, name, size, off,
		     (unsigned long long)got, (unsigned long long)want);
}

/* Checks that bytes [@from, @to) of @b are zero. */
static void zero(const struct recv_block *b, const char *abi, const char *what,
		 size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (b->bytes[i]) {
			fail("%s: %s: byte %zu is not zero", abi, what, i);
			return;
		}
}

static void layout64(void)
{
	const uint64_t at = 0x7ffc12345670;	/* on the stack, 16-byte aligned */
	struct recv_block b;

	recv_block_build(&b, false, at);
	if (b.compat || b.len != 104)
		fail("x86_64: compat %d, %zu bytes (want 0, 104)", b.compat, b.len);
	field(&b, "x86_64", "msg_name", 0, 8, 0);
	field(&b, "x86_64", "msg_namelen", 8, 4, 0);
	field(&b, "x86_64", "msg_iov", 16, 8, at + 56);
	field(&b, "x86_64", "msg_iovlen", 24, 8, 1);
	field(&b, "x86_64", "msg_control", 32, 8, at + 72);
	field(&b, "x86_64", "msg_controllen", 40, 8, 24);	/* CMSG_SPACE(2 * 4) */
	field(&b, "x86_64", "msg_flags", 48, 4, 0);
	field(&b, "x86_64", "iov_base", 56, 8, at + 96);
	field(&b, "x86_64", "iov_len", 64, 8, 1);
	zero(&b, "x86_64", "the control buffer", 72, 96);
	zero(&b, "x86_64", "the byte", 96, 97);
	/* What the kernel reads it as; the control buffer on 8 bytes. */
	if (sizeof(struct msghdr) != 56 || sizeof(struct cmsghdr) != 16 ||
	    CMSG_SPACE(2 * sizeof(int)) != 24 || CMSG_LEN(2 * sizeof(int)) != 24 ||
	    (at + 72) % 8)
		fail("x86_64: the kernel's msghdr, cmsghdr or alignment differs");
}

static void layout32(void)
{
	const uint64_t at = 0xffffd000;	/* an i386 stack address */
	struct recv_block b;

	recv_block_build(&b, true, at);
	if (!b.compat || b.len != 60)
		fail("i386: compat %d, %zu bytes (want 1, 60)", b.compat, b.len);
	field(&b, "i386", "msg_name", 0, 4, 0);
	field(&b, "i386", "msg_namelen", 4, 4, 0);
	field(&b, "i386", "msg_iov", 8, 4, at + 28);
	field(&b, "i386", "msg_iovlen", 12, 4, 1);
	field(&b, "i386", "msg_control", 16, 4, at + 36);
	field(&b, "i386", "msg_controllen", 20, 4, 20);	/* 12 + 2 * 4, aligned on 4 */
	field(&b, "i386", "msg_flags", 24, 4, 0);
	field(&b, "i386", "iov_base", 28, 4, at + 56);
	field(&b, "i386", "iov_len", 32, 4, 1);
	zero(&b, "i386", "the control buffer", 36, 56);
	zero(&b, "i386", "the byte", 56, 57);
	if ((at + 36) % 4)
		fail("i386: the control buffer is not aligned on 4 bytes");
}

/*
 * The block after the kernel's recvmsg(): @controllen written back into
 * the msghdr, and at the control buffer a header (@len, @level, @type)
 * followed by descriptors 5 and 6.
 */
static void filled(struct recv_block *b, bool compat, uint64_t controllen, uint64_t len,
		   int level, int type)
{
	recv_block_build(b, compat, compat ? 0xffffd000 : 0x7ffc12345670);
	if (compat) {
		put(b, 20, 4, controllen);
		put(b, 36, 4, len);
		put(b, 40, 4, (uint64_t)level);
		put(b, 44, 4, (uint64_t)type);
		put(b, 48, 4, 5);
		put(b, 52, 4, 6);
	} else {
		put(b, 40, 8, controllen);
		put(b, 72, 8, len);
		put(b, 80, 4, (uint64_t)level);
		put(b, 84, 4, (uint64_t)type);
		put(b, 88, 4, 5);
		put(b, 92, 4, 6);
	}
}

/* Checks that the filled block gives @want descriptors (5, then 6). */
static void fds(bool compat, uint64_t controllen, uint64_t len, int level, int type,
		int want, const char *what)
{
	struct recv_block b;
	int got[2] = { -1, -1 }, n;

	filled(&b, compat, controllen, len, level, type);
	n = recv_block_fds(&b, got);
	if (n != want || (n > 0 && got[0] != 5) || (n > 1 && got[1] != 6))
		fail("%s: %s: %d descriptors %d %d (want %d)", compat ? "i386" : "x86_64",
		     what, n, got[0], got[1], want);
}

static void reading(void)
{
	/* x86_64: header 16 bytes, CMSG_LEN(4) = 20, CMSG_LEN(8) = 24. */
	fds(false, 24, 20, SOL_SOCKET, SCM_RIGHTS, 1, "one descriptor");
	fds(false, 24, 24, SOL_SOCKET, SCM_RIGHTS, 2, "two descriptors");
	fds(false, 24, 28, SOL_SOCKET, SCM_RIGHTS, 2, "a length past the room");
	fds(false, 0, 24, SOL_SOCKET, SCM_RIGHTS, 0, "no control message");
	fds(false, 15, 24, SOL_SOCKET, SCM_RIGHTS, 0, "less than a header");
	fds(false, 16, 16, SOL_SOCKET, SCM_RIGHTS, 0, "a header alone");
	fds(false, 24, 19, SOL_SOCKET, SCM_RIGHTS, 0, "less than a descriptor");
	fds(false, 24, 24, SOL_SOCKET, SCM_CREDENTIALS, 0, "credentials");
	fds(false, 24, 24, IPPROTO_IP, SCM_RIGHTS, 0, "another level");
	/* i386: header 12 bytes, 16 for one descriptor, 20 for two. */
	fds(true, 20, 16, SOL_SOCKET, SCM_RIGHTS, 1, "one descriptor");
	fds(true, 20, 20, SOL_SOCKET, SCM_RIGHTS, 2, "two descriptors");
	fds(true, 20, 24, SOL_SOCKET, SCM_RIGHTS, 2, "a length past the room");
	fds(true, 0, 20, SOL_SOCKET, SCM_RIGHTS, 0, "no control message");
	fds(true, 11, 20, SOL_SOCKET, SCM_RIGHTS, 0, "less than a header");
	fds(true, 12, 12, SOL_SOCKET, SCM_RIGHTS, 0, "a header alone");
	fds(true, 20, 15, SOL_SOCKET, SCM_RIGHTS, 0, "less than a descriptor");
	fds(true, 20, 20, SOL_SOCKET, SCM_CREDENTIALS, 0, "credentials");
	fds(true, 20, 20, IPPROTO_IP, SCM_RIGHTS, 0, "another level");
}

int main(void)
{
	layout64();
	layout32();
	reading();
	return unit_result("the recvmsg() block of both ABIs");
}
