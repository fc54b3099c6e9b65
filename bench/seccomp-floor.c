/* seccomp-floor: run COMMAND under a minimal seccomp filter and no tracer.
 *
 *   seccomp-floor COMMAND [ARG...]
 *
 * The filter has the shape of mstack's (check the architecture, pick out
 * socket() and test its family) but allows everything, so no tracer is
 * needed. It measures what any seccomp-based interception costs on this
 * kernel before a tracer does any work: the syscall-entry slow path every
 * system call of a filtered task takes, plus running the filter for the
 * calls the kernel's action cache cannot decide alone (socket()). mstack
 * cannot be cheaper than this for calls it does not touch.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define FLOOR_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FLOOR_ARCH AUDIT_ARCH_AARCH64
#else
#error "seccomp-floor: unknown architecture"
#endif

int main(int argc, char **argv)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FLOOR_ARCH, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		/* where mstack would stop a selected family; here: allow */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };

	if (argc < 2) {
		fprintf(stderr, "usage: seccomp-floor COMMAND [ARG...]\n");
		return 2;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
		fprintf(stderr, "seccomp-floor: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "seccomp-floor: %s: %s\n", argv[1], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
