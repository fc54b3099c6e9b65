/* The interpreter of bpf_run.h. */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf_run.h"

/* Loads the 32-bit word at offset @k of @d into *@a. Returns 0 or -1. */
static int load(const struct seccomp_data *d, uint32_t k, uint32_t *a)
{
	if (k % 4 || k > sizeof(*d) - 4) {
		printf("  load at offset %u\n", k);
		return -1;
	}
	memcpy(a, (const char *)d + k, 4);
	return 0;
}

/* Returns the next pc after the conditional jump at @pc, or -1. */
static int jump(const struct sock_filter *f, int pc, uint32_t a)
{
	int taken;

	switch (BPF_OP(f->code)) {
	case BPF_JEQ:
		taken = a == f->k;
		break;
	case BPF_JGE:
		taken = a >= f->k;
		break;
	case BPF_JSET:
		taken = (a & f->k) != 0;
		break;
	default:
		return -1;
	}
	return pc + 1 + (taken ? f->jt : f->jf);
}

/* Interprets @prog. Returns 0 with the action in *@action, or -1. */
static int interpret(const struct sock_filter *prog, int len, const struct seccomp_data *d,
		     uint32_t *action)
{
	uint32_t a = 0, x = 0;
	int pc = 0;

	while (pc >= 0 && pc < len) {
		const struct sock_filter *f = &prog[pc];

		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (load(d, f->k, &a) < 0)
				return -1;
			break;
		case BPF_LD | BPF_IMM:
			a = f->k;
			break;
		case BPF_ALU | BPF_SUB | BPF_K:
			a -= f->k;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= f->k;
			break;
		case BPF_ALU | BPF_LSH | BPF_X:
			if (x >= 32) {
				printf("  shift by %u at %d\n", x, pc);
				return -1;
			}
			a <<= x;
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			pc = jump(f, pc, a);
			continue;
		case BPF_RET | BPF_K:
			*action = f->k;
			return 0;
		default:
			printf("  opcode %#x at %d\n", f->code, pc);
			return -1;
		}
		pc++;
	}
	printf("  ran off the program at %d\n", pc);
	return -1;
}

int bpf_run(const struct sock_filter *prog, int len, const struct seccomp_data *d,
	    uint32_t *action)
{
	int pipefd[2], status = 0;
	pid_t pid;
	ssize_t n;

	fflush(stdout);
	if (pipe(pipefd) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		close(pipefd[0]);
		alarm(5);	/* classic BPF cannot loop; a broken one must not hang us */
		if (interpret(prog, len, d, action) < 0) {
			fflush(stdout);
			_exit(2);
		}
		_exit(write(pipefd[1], action, sizeof(*action)) == sizeof(*action) ? 0 : 3);
	}
	close(pipefd[1]);
	n = read(pipefd[0], action, sizeof(*action));
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) ||
	    n != sizeof(*action)) {
		if (WIFSIGNALED(status))
			printf("  the interpreter died of signal %d\n", WTERMSIG(status));
		return -1;
	}
	return 0;
}
