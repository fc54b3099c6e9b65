/*
 * A classic-BPF interpreter for the unit tests, knowing only the opcodes
 * the filter generator emits: any other opcode, a load outside struct
 * seccomp_data, an undefined shift or running off the end is an error.
 */
#ifndef MSTACK_TEST_BPF_RUN_H
#define MSTACK_TEST_BPF_RUN_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>

/*
 * Runs @prog (@len instructions) on @d in a forked child, so that a crash
 * or a runaway program fails this run only.  Returns 0 with the action in
 * *@action, or -1 after printing why.
 */
int bpf_run(const struct sock_filter *prog, int len, const struct seccomp_data *d,
	    uint32_t *action);

#endif
