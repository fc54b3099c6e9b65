/*
 * Unit test of the socket call decoder, without root: an i386
 * socketcall() is decided on the program's memory, which another thread
 * can change once the decision is taken, so the decoder must take every
 * such call, whatever the family, for the tracer to serve (it gives a
 * family that stays home the native stack) and never leave one to the
 * kernel.  Nor may one be handed back to the kernel for a thread that
 * left its stack's network namespace (sockcall_may_continue()), while a
 * socket() or socketpair() decided on registers may.  Runs on an x86_64
 * kernel that cannot run i386 code: the decoder reads the argument block
 * of this process.
 */
#include <errno.h>
#include <linux/net.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "abi/arch.h"
#include "abi/sockcall.h"
#include "net/families.h"
#include "ptrace/memory.h"

#define I386_NR_socketcall 102	/* <asm/unistd_32.h> */
#define I386_NR_socket 359
#define I386_NR_socketpair 360

static int failed;

static void expect(const char *what, int family, int ret, int want_ret,
		   const struct sockcall *c, enum sockcall_kind kind)
{
	if (ret == want_ret && (ret || (c->kind == kind && c->domain == family && !c->stack)))
		return;
	printf("FAIL: %s, family %d: returns %d, kind %d, family %d (want %d, kind %d)\n",
	       what, family, ret, ret ? -1 : (int)c->kind, ret ? -1 : c->domain, want_ret,
	       (int)kind);
	failed = 1;
}

/* Decoded call @c may be handed back to the kernel if @may. */
static void expect_continue(const char *what, const struct sockcall *c, bool may)
{
	if (sockcall_may_continue(c) == may)
		return;
	printf("FAIL: %s %s be handed back to the kernel\n", what, may ? "must" : "must not");
	failed = 1;
}

/* socket() or socketpair() of @arch, number @nr: decided on registers. */
static void registers(uint32_t arch, int nr, enum sockcall_kind kind, const char *what)
{
	struct seccomp_data d = { .nr = nr, .arch = arch, .args = { AF_INET, SOCK_STREAM } };
	pid_t self = getpid();
	struct sockcall c;
	int ret = sockcall_decode(&d, self, memory_reader, &self, &c);

	expect(what, AF_INET, ret, 0, &c, kind);
	expect_continue(what, &c, true);
}

/* Every family, through socketcall(@call, block): never handed back. */
static void socketcall(uint32_t *block, int call, enum sockcall_kind kind, const char *what)
{
	struct seccomp_data d = {
		.nr = I386_NR_socketcall, .arch = ARCH_COMPAT_AUDIT,
		.args = { (uint64_t)call, (uint32_t)(uintptr_t)block },
	};
	pid_t self = getpid();
	struct sockcall c;
	int ret;

	for (int family = -1; family <= FAMILY_LIMIT + 1; family++) {
		block[0] = (uint32_t)family;
		block[1] = SOCK_STREAM;
		ret = sockcall_decode(&d, self, memory_reader, &self, &c);
		expect(what, family, ret, 0, &c, kind);
		expect_continue(what, &c, false);
	}
	d.args[1] = 0;	/* unreadable: the call fails, it is not run */
	ret = sockcall_decode(&d, self, memory_reader, &self, &c);
	expect(what, -1, ret, -EFAULT, &c, kind);
}

int main(void)
{
	struct seccomp_data d = { .nr = __NR_socket, .arch = ARCH_AUDIT };
	pid_t self = getpid();
	struct sockcall c;
	uint32_t *block;
	int ret;

	block = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (block == MAP_FAILED) {
		printf("SKIP: no memory below 4 GiB for an i386 argument block: %s\n",
		       strerror(errno));
		return 77;
	}
	socketcall(block, SYS_SOCKET, CALL_SOCKET, "socketcall(SYS_SOCKET)");
	socketcall(block, SYS_SOCKETPAIR, CALL_SOCKETPAIR, "socketcall(SYS_SOCKETPAIR)");

	/* A call decided on registers is never handed back either. */
	d.args[0] = AF_UNIX;
	ret = sockcall_decode(&d, self, memory_reader, &self, &c);
	expect("socket()", AF_UNIX, ret, 0, &c, CALL_SOCKET);
	if (!failed)
		printf("PASS: no decoded socket call is left to the kernel\n");

	/* But one decided on registers may be handed back when it must. */
	registers(ARCH_AUDIT, __NR_socket, CALL_SOCKET, "socket()");
	registers(ARCH_AUDIT, __NR_socketpair, CALL_SOCKETPAIR, "socketpair()");
	registers(ARCH_COMPAT_AUDIT, I386_NR_socket, CALL_SOCKET, "i386 socket()");
	registers(ARCH_COMPAT_AUDIT, I386_NR_socketpair, CALL_SOCKETPAIR, "i386 socketpair()");
	if (!failed)
		printf("PASS: only a call decided on registers may be handed back\n");
	return failed;
}
