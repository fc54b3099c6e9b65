/*
 * The kernel's own numbers for the names in abi/syscalls.def, one array
 * per ABI, each made in a file of its own: <asm/unistd_64.h> and
 * <asm/unistd_32.h> define the same names and cannot meet.
 */
#ifndef MSTACK_TEST_KERNEL_NR_H
#define MSTACK_TEST_KERNEL_NR_H

#include <stddef.h>

struct kernel_nr {
	const char *name;
	long nr;
};

extern const struct kernel_nr kernel_nr_x86_64[], kernel_nr_i386[];
extern const size_t kernel_nr_x86_64_len, kernel_nr_i386_len;

#endif
