/*
 * Unit test of the socket call decoder, without root: an i386
 * socketcall() is decided on the program's memory, which another thread
 * can change once the decision is taken, so the decoder must give every
 * such call a stack (the tracer serves it) and never leave one to the
 * kernel, whatever the family.  Runs on an x86_64 kernel that cannot run
 * i386 code: the decoder reads the argument block of this process.
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
#include "tracer.h"

struct tracer_config tracer_cfg;
struct counters counters;

#define I386_NR_socketcall 102	/* <asm/unistd_32.h> */

static struct stack native = { .kind = STACK_NETNS, .nsfd = -1, .name = "native" };
static struct stack blue = { .kind = STACK_NETNS, .nsfd = -1, .name = "blue" };
static int failed;

static void expect(const char *what, int family, int ret, int want_ret,
		   const struct stack *got, const struct stack *want)
{
	if (ret == want_ret && (ret || got == want))
		return;
	printf("FAIL: %s, family %d: returns %d, stack %s (want %d, %s)\n", what, family,
	       ret, got ? got->name : "none: the kernel would run it", want_ret,
	       want ? want->name : "-");
	failed = 1;
}

/* Every family, through socketcall(@call, block): never handed back. */
static void socketcall(const struct table *t, uint32_t *block, int call, const char *what)
{
	struct seccomp_data d = {
		.nr = I386_NR_socketcall, .arch = ARCH_COMPAT_AUDIT,
		.args = { (uint64_t)call, (uint32_t)(uintptr_t)block },
	};
	struct sockcall c;
	int ret;

	for (int family = -1; family <= FAMILY_LIMIT + 1; family++) {
		block[0] = (uint32_t)family;
		block[1] = SOCK_STREAM;
		ret = sockcall_decode(&d, getpid(), t, &c);
		expect(what, family, ret, 0, c.stack, family == AF_INET ? &blue : &native);
	}
	d.args[1] = 0;	/* unreadable: the call fails, it is not run */
	ret = sockcall_decode(&d, getpid(), t, &c);
	expect(what, -1, ret, -EFAULT, NULL, NULL);
}

int main(void)
{
	static struct table t;
	struct seccomp_data d = { .nr = __NR_socket, .arch = ARCH_AUDIT };
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
	tracer_cfg.native = &native;
	t.families = (family_set)1 << AF_INET;
	t.stack[AF_INET] = &blue;
	socketcall(&t, block, SYS_SOCKET, "socketcall(SYS_SOCKET)");
	socketcall(&t, block, SYS_SOCKETPAIR, "socketcall(SYS_SOCKETPAIR)");

	/* A call decided on registers is never handed back either. */
	d.args[0] = AF_UNIX;
	ret = sockcall_decode(&d, getpid(), &t, &c);
	expect("socket()", AF_UNIX, ret, 0, c.stack, &native);
	if (!failed)
		printf("PASS: no decoded socket call is left to the kernel\n");
	return failed;
}
