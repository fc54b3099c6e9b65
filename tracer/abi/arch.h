/*
 * Architecture facts: audit arch values, registers and the length of the
 * syscall instruction.  Everything that differs between x86_64 and
 * aarch64 lives here, but for the numbers of the calls mstack handles
 * (abi/syscalls.def).
 */
#ifndef MSTACK_ARCH_H
#define MSTACK_ARCH_H

#include <linux/audit.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/user.h>

#if defined(__x86_64__)

#define ARCH_AUDIT		AUDIT_ARCH_X86_64
#define ARCH_SYSCALL_INSN_LEN	2
#define ARCH_RED_ZONE		128
#define ARCH_LIBUNWIND		"libunwind-x86_64.so.8"	/* -k loads it */
/* x32 shares the x86_64 audit arch and marks its numbers with this bit. */
#define ARCH_X32_SYSCALL_BIT	0x40000000u

/*
 * The i386 ABI, reachable from any x86_64 process through int $0x80; its
 * numbers are in abi/syscalls.def.
 */
#define ARCH_COMPAT_AUDIT	AUDIT_ARCH_I386

typedef struct user_regs_struct arch_regs;

static inline long arch_nr(const arch_regs *r) { return (long)r->orig_rax; }
static inline void arch_set_nr(arch_regs *r, long nr) { r->orig_rax = (unsigned long)nr; }
static inline long arch_result(const arch_regs *r) { return (long)r->rax; }
static inline void arch_set_result(arch_regs *r, long v) { r->rax = (unsigned long)v; }
static inline uint64_t arch_sp(const arch_regs *r) { return r->rsp; }

/* Sets the arguments of a system call, of the i386 ABI if @compat. */
static inline void arch_set_args(arch_regs *r, const uint64_t a[6], bool compat)
{
	if (compat) {
		r->rbx = (uint32_t)a[0];
		r->rcx = (uint32_t)a[1];
		r->rdx = (uint32_t)a[2];
		r->rsi = (uint32_t)a[3];
		r->rdi = (uint32_t)a[4];
		r->rbp = (uint32_t)a[5];
		return;
	}
	r->rdi = a[0];
	r->rsi = a[1];
	r->rdx = a[2];
	r->r10 = a[3];
	r->r8 = a[4];
	r->r9 = a[5];
}

/* Reads the arguments of a system call into @a, of the i386 ABI if @compat. */
static inline void arch_get_args(const arch_regs *r, uint64_t a[6], bool compat)
{
	if (compat) {
		a[0] = (uint32_t)r->rbx;
		a[1] = (uint32_t)r->rcx;
		a[2] = (uint32_t)r->rdx;
		a[3] = (uint32_t)r->rsi;
		a[4] = (uint32_t)r->rdi;
		a[5] = (uint32_t)r->rbp;
		return;
	}
	a[0] = r->rdi;
	a[1] = r->rsi;
	a[2] = r->rdx;
	a[3] = r->r10;
	a[4] = r->r8;
	a[5] = r->r9;
}

/*
 * Prepares a stopped thread whose syscall has completed to execute syscall
 * @nr again from the same instruction.
 */
static inline void arch_rewind(arch_regs *r, uint64_t syscall_ip, long nr)
{
	r->rip = syscall_ip - ARCH_SYSCALL_INSN_LEN;
	r->rax = (unsigned long)nr;
	r->orig_rax = (unsigned long)nr;
}

static inline uint64_t arch_ip(const arch_regs *r) { return r->rip; }

#else
#error "mstack: no architecture facts for this CPU in tracer/abi/arch.h"
#endif

#endif
