/* Decoding socket(), socketpair() and i386 socketcall(). */
#include <errno.h>
#include <linux/net.h>

#include "abi/sockcall.h"
#include "abi/systable.h"

/* i386 socketcall(call, args): the arguments are u32s in memory. */
static int decode_socketcall(const struct seccomp_data *d, msocket_reader read, void *ctx,
			     struct sockcall *c)
{
	uint32_t a[4];
	int n = (int)d->args[0] == SYS_SOCKETPAIR ? 4 : 3;
	int ret = read(ctx, (uint32_t)d->args[1], a, n * sizeof(a[0]));

	if (ret)
		return ret;
	c->kind = n == 4 ? CALL_SOCKETPAIR : CALL_SOCKET;
	c->in_memory = true;
	c->domain = (int)a[0];
	c->type = (int)a[1];
	c->protocol = (int)a[2];
	c->sv = n == 4 ? a[3] : 0;
	return 0;
}

/* Reads the arguments of a socket() or socketpair() passed in registers. */
static void decode_registers(const struct seccomp_data *d, struct sockcall *c)
{
	c->domain = (int)d->args[0];
	c->type = (int)d->args[1];
	c->protocol = (int)d->args[2];
	if (c->kind == CALL_SOCKETPAIR)
		c->sv = c->compat ? (uint32_t)d->args[3] : d->args[3];
}

/* Returns 0 once @c's kind and arguments are known, or -errno. */
static int decode(const struct seccomp_data *d, msocket_reader read, void *ctx,
		  struct sockcall *c)
{
	const struct sys_row *r = systable_find(d->arch, d->nr);

	if (!r)
		return -ENOSYS;
	c->compat = r->abi == SYS_ABI_I386;
	switch (r->call) {
	case SC_socketcall:
		return decode_socketcall(d, read, ctx, c);
	case SC_socket:
		c->kind = CALL_SOCKET;
		break;
	case SC_socketpair:
		c->kind = CALL_SOCKETPAIR;
		break;
	default:
		return -ENOSYS;
	}
	decode_registers(d, c);
	return 0;
}

/*
 * The filter stops socket() and socketpair() only for families it moves,
 * but i386 socketcall() for every family: its arguments are in memory.
 * Handing such a call back to the kernel would let it read that memory
 * again, after another thread may have put a moved family there; so every
 * family decodes, and one that stays home is made by the tracer too.
 */
int sockcall_decode(const struct seccomp_data *d, pid_t tid, msocket_reader read, void *ctx,
		    struct sockcall *c)
{
	*c = (struct sockcall){ .tid = tid, .why = "default" };
	return decode(d, read, ctx, c);
}
