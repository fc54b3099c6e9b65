/*
 * Three encodings carry msocket(path, domain, type, protocol) to a tracer
 * (msocket(3)); all fail harmlessly on a kernel alone:
 *   VUOS:          syscall(-5, path, domain, type, protocol)
 *   View-OS 0.8.1: pivot_root(NULL, nargs <= 6, VIRSYS_MSOCKET, long args[])
 *   View-OS 0.8:   _sysctl(&{ .name = NULL, .nlen = 2,
 *                             .newval = long[6]{ args }, .newlen = 4 })
 */
#include <errno.h>
#include <string.h>

#include "abi/msocket_abi.h"
#include "abi/systable.h"
#include "net/msocket_nr.h"

/* struct __sysctl_args of the 64-bit ABI. */
struct sysctl_args64 {
	uint64_t name;
	int32_t nlen;
	int32_t pad;
	uint64_t oldval, oldlenp, newval, newlen;
	uint64_t unused[4];
};

/* Returns the row of @d if it is an encoding, else NULL. */
static const struct sys_row *encoding(const struct seccomp_data *d)
{
	const struct sys_row *r = systable_find(d->arch, d->nr);

	return r && (r->serve == SERVE_MSOCKET || r->serve == SERVE_PIVOT_ROOT) ? r : NULL;
}

bool msocket_is_encoding(const struct seccomp_data *d)
{
	return encoding(d) != NULL;
}

static void from_longs(struct msocket_args *a, const int64_t v[6])
{
	a->path = (uint64_t)v[0];
	a->domain = (long)v[1];
	a->type = (long)v[2];
	a->protocol = (long)v[3];
}

/* Reads @n longs at @addr into a zeroed long[6]. Returns 1 or -EFAULT. */
static int read_longs(msocket_reader read, void *ctx, uint64_t addr, size_t n,
		      struct msocket_args *a)
{
	int64_t v[6] = { 0 };

	if (n > 6 || (n && read(ctx, addr, v, n * sizeof(v[0])) < 0))
		return -EFAULT;
	from_longs(a, v);
	return 1;
}

int msocket_decode(const struct seccomp_data *d, msocket_reader read, void *ctx,
		   struct msocket_args *a)
{
	const struct sys_row *r = encoding(d);
	struct sysctl_args64 s;
	int64_t regs[6];

	if (!r)
		return 0;
	switch (r->call) {
	case SC_msocket_vuos:
		memcpy(regs, d->args, sizeof(regs));
		from_longs(a, regs);
		return 1;
	case SC_msocket_pivot_root:
		if (d->args[0] || d->args[1] > 6 || (uint32_t)d->args[2] != MSOCKET_VIRSYS)
			return 0;
		return read_longs(read, ctx, d->args[3], (size_t)d->args[1], a);
	default:	/* _sysctl */
		if (read(ctx, d->args[0], &s, sizeof(s)) < 0 || s.name || s.nlen != 2)
			return 0;
		return read_longs(read, ctx, s.newval, 4, a);
	}
}

int msocket_read_path(msocket_reader read, void *ctx, uint64_t addr, char buf[PATH_MAX])
{
	size_t done = 0;

	/* Page by page: the string may end just before an unmapped page. */
	while (done < PATH_MAX) {
		uint64_t at = addr + done;
		size_t chunk = 4096 - (size_t)(at & 4095);
		char *nul;

		if (chunk > PATH_MAX - done)
			chunk = PATH_MAX - done;
		if (read(ctx, at, buf + done, chunk) < 0)
			return -EFAULT;
		nul = memchr(buf + done, '\0', chunk);
		if (nul)
			return (int)(nul - buf);
		done += chunk;
	}
	return -ENAMETOOLONG;
}
