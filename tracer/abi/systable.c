/* The system call table, laid out from abi/syscalls.def. */
#include "abi/arch.h"
#include "abi/systable.h"
#include "net/msocket_nr.h"

static const struct sys_row rows[] = {
#define SYSCALL(abi, call, name, nr, serve) \
	{ SYS_ABI_##abi, SC_##call, nr, serve, #name },
#define VIRTUAL SYSCALL
#include "abi/syscalls.def"
#undef VIRTUAL
#undef SYSCALL
};

const struct sys_row *systable_rows(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}

/* Returns the row of @call in @abi, or NULL. */
static const struct sys_row *find_call(enum sys_abi abi, enum sys_call call)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].abi == abi && rows[i].call == call)
			return &rows[i];
	return NULL;
}

/* Returns the row numbered @nr in @abi (x32 marked if @x32), or NULL. */
static const struct sys_row *find_nr(enum sys_abi abi, int nr, bool x32)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].abi == abi && rows[i].nr == nr &&
		    !(x32 && sys_serve_exact(rows[i].serve)))
			return &rows[i];
	return NULL;
}

const struct sys_row *systable_find(uint32_t arch, int nr)
{
	const struct sys_row *r;

	if (arch == ARCH_COMPAT_AUDIT)
		return find_nr(SYS_ABI_I386, nr, false);
	if (arch != ARCH_AUDIT)
		return NULL;
	/* VUOS's -5 has the x32 bit set too: exact numbers first. */
	r = find_nr(SYS_ABI_X86_64, nr, false);
	if (!r && ((uint32_t)nr & ARCH_X32_SYSCALL_BIT))
		r = find_nr(SYS_ABI_X86_64, (int)((uint32_t)nr & ~ARCH_X32_SYSCALL_BIT), true);
	return r;
}

long systable_compat_nr(long nr)
{
	const struct sys_row *r = find_nr(SYS_ABI_X86_64, (int)nr, false);

	r = r ? find_call(SYS_ABI_I386, r->call) : NULL;
	return r ? r->nr : -1;
}
