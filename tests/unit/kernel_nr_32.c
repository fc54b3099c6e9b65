/* The i386 numbers of the table's names, from the kernel's header. */
#include <asm/unistd_32.h>

#include "kernel_nr.h"

const struct kernel_nr kernel_nr_i386[] = {
#define SYSCALL(abi, call, name, nr, serve) ROW_##abi(name)
#define VIRTUAL(abi, call, name, nr, serve)
#define ROW_X86_64(name)
#define ROW_I386(name) { #name, __NR_##name },
#include "abi/syscalls.def"
};

const size_t kernel_nr_i386_len = sizeof(kernel_nr_i386) / sizeof(kernel_nr_i386[0]);
