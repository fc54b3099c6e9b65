/*
 * Remote unwinding with libunwind-ptrace.  Each process gets its own
 * address space with libunwind's caches on, flushed when it execs; a
 * frame's module comes from /proc/TGID/maps.  Only ever used with -k, at
 * a ptrace stop of the thread, on the ptrace thread (no lock).  The libraries are loaded with dlopen()
 * only then: linked in, they would slow every mstack's start.
 */
#include <dlfcn.h>
#include <libunwind-ptrace.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/backtrace.h"

#include "abi/arch.h"

#define UNW_STR2(x) #x
#define UNW_STR(x) UNW_STR2(x)

/* The libunwind entry points, resolved at run time (see the header's names). */
static struct {
	__typeof__(unw_create_addr_space) *create_addr_space;
	__typeof__(unw_set_caching_policy) *set_caching_policy;
	__typeof__(unw_destroy_addr_space) *destroy_addr_space;
	__typeof__(unw_init_remote) *init_remote;
	__typeof__(unw_get_reg) *get_reg;
	__typeof__(unw_get_proc_name) *get_proc_name;
	__typeof__(unw_step) *step;
	__typeof__(_UPT_create) *upt_create;
	__typeof__(_UPT_destroy) *upt_destroy;
	unw_accessors_t *upt_accessors;
} unw;

/* Returns @name's address in @lib, or NULL (and *@failed). */
static void *entry(void *lib, const char *name, bool *failed)
{
	void *p = lib ? dlsym(lib, name) : NULL;

	*failed |= !p;
	return p;
}

const char *backtrace_init(void)
{
	void *generic = dlopen(ARCH_LIBUNWIND, RTLD_NOW | RTLD_GLOBAL);
	void *ptrace = generic ? dlopen("libunwind-ptrace.so.0", RTLD_NOW | RTLD_GLOBAL) : NULL;
	bool failed = false;

	if (!ptrace)
		return dlerror();
	unw.create_addr_space = entry(generic, UNW_STR(unw_create_addr_space), &failed);
	unw.set_caching_policy = entry(generic, UNW_STR(unw_set_caching_policy), &failed);
	unw.destroy_addr_space = entry(generic, UNW_STR(unw_destroy_addr_space), &failed);
	unw.init_remote = entry(generic, UNW_STR(unw_init_remote), &failed);
	unw.get_reg = entry(generic, UNW_STR(unw_get_reg), &failed);
	unw.get_proc_name = entry(generic, UNW_STR(unw_get_proc_name), &failed);
	unw.step = entry(generic, UNW_STR(unw_step), &failed);
	unw.upt_create = entry(ptrace, "_UPT_create", &failed);
	unw.upt_destroy = entry(ptrace, "_UPT_destroy", &failed);
	unw.upt_accessors = entry(ptrace, "_UPT_accessors", &failed);
	return failed ? "libunwind lacks an entry point mstack needs" : NULL;
}

static int depth;	/* set before any other thread starts */

void backtrace_start(int frames)
{
	depth = frames;
}

bool backtrace_on(void)
{
	return depth > 0;
}

struct space {
	pid_t tgid;
	unw_addr_space_t as;
	struct space *next;
};

static struct space *spaces;

static unw_addr_space_t space_of(pid_t tgid)
{
	struct space *s;

	for (s = spaces; s; s = s->next)
		if (s->tgid == tgid)
			return s->as;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->as = unw.create_addr_space(unw.upt_accessors, 0);
	if (!s->as) {
		free(s);
		return NULL;
	}
	unw.set_caching_policy(s->as, UNW_CACHE_GLOBAL);
	s->tgid = tgid;
	s->next = spaces;
	spaces = s;
	return s->as;
}

void backtrace_forget(pid_t tgid)
{
	for (struct space **p = &spaces; *p; p = &(*p)->next) {
		struct space *s = *p;

		if (s->tgid != tgid)
			continue;
		*p = s->next;
		unw.destroy_addr_space(s->as);
		free(s);
		return;
	}
}

/* Writes the file mapped at @ip in @tgid into @module ("?" if none). */
static void module_of(pid_t tgid, uint64_t ip, char *module, size_t len)
{
	char path[64], line[512], file[400];
	uint64_t start, end;
	FILE *maps;

	snprintf(module, len, "?");
	snprintf(path, sizeof(path), "/proc/%d/maps", tgid);
	maps = fopen(path, "re");
	if (!maps)
		return;
	while (fgets(line, sizeof(line), maps)) {
		file[0] = '\0';
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %*s %*s %*s %399[^\n]",
			   &start, &end, file) < 2 || ip < start || ip >= end)
			continue;
		if (file[0])
			snprintf(module, len, "%s", file);
		break;
	}
	fclose(maps);
}

/* Returns the length of what was written into @buf. */
static size_t format(pid_t tgid, pid_t tid, char *buf, size_t len)
{
	unw_addr_space_t as = space_of(tgid);
	char name[256], module[400];
	unw_cursor_t cursor;
	size_t used = 0;
	void *upt;

	if (!as || !len)
		return 0;
	upt = unw.upt_create(tid);
	if (!upt)
		return 0;
	if (unw.init_remote(&cursor, as, upt) < 0)
		goto out;
	for (int i = 0; i < depth && used < len; i++) {
		unw_word_t ip, offset;
		int n;

		if (unw.get_reg(&cursor, UNW_REG_IP, &ip) < 0)
			break;
		module_of(tgid, ip, module, sizeof(module));
		if (unw.get_proc_name(&cursor, name, sizeof(name), &offset) == 0)
			n = snprintf(buf + used, len - used, " > %s(%s+0x%lx) [0x%lx]\n",
				     module, name, (unsigned long)offset, (unsigned long)ip);
		else
			n = snprintf(buf + used, len - used, " > %s() [0x%lx]\n",
				     module, (unsigned long)ip);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
		if (unw.step(&cursor) <= 0)
			break;
	}
out:
	unw.upt_destroy(upt);
	return used;
}

const char *backtrace_of(pid_t tgid, pid_t tid, char *buf, size_t len)
{
	if (!depth || !tgid)
		return NULL;
	return format(tgid, tid, buf, len) ? buf : NULL;
}
