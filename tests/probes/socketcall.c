/*
 * socketcall [SPEC...]: the i386 multiplexer, called raw (built with -m32):
 *	inet, inet6, unix: socketcall(SYS_SOCKET, {family, SOCK_STREAM, 0})
 *	pair:unix: socketcall(SYS_SOCKETPAIR, {AF_UNIX, SOCK_STREAM, 0, sv})
 * and prints "socketcall:SPEC RESULT" as sockprobe does.
 */
#include <errno.h>
#include <linux/net.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		int pair = !strncmp(argv[i], "pair:", 5);
		int family = family_by_name(argv[i] + (pair ? 5 : 0));
		char a[64], b[64];
		int sv[2] = { -1, -1 };
		unsigned long args[4] = { (unsigned long)family, SOCK_STREAM, 0,
					  (unsigned long)sv };
		long ret;

		errno = 0;
		ret = syscall(SYS_socketcall, pair ? SYS_SOCKETPAIR : SYS_SOCKET, args);
		if (pair) {
			sock_text(ret < 0 ? -1 : sv[0], errno, a, sizeof(a));
			sock_text(ret < 0 ? -1 : sv[1], errno, b, sizeof(b));
			printf("socketcall:%s %s%s%s\n", argv[i], a, ret < 0 ? "" : " ",
			       ret < 0 ? "" : b);
		} else {
			sock_text((int)ret, errno, a, sizeof(a));
			printf("socketcall:%s %s\n", argv[i], a);
		}
	}
	return 0;
}
