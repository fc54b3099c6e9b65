/*
 * Remote unwinding with libunwind-ptrace.  Each process gets its own
 * address space with libunwind's caches on, flushed when it execs; a
 * frame's module comes from /proc/TGID/maps.  Only ever used with -k, at
 * a ptrace stop of the thread.
 */
#include <libunwind-ptrace.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtrace.h"
#include "tracee.h"
#include "tracer.h"

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
	s->as = unw_create_addr_space(&_UPT_accessors, 0);
	if (!s->as) {
		free(s);
		return NULL;
	}
	unw_set_caching_policy(s->as, UNW_CACHE_GLOBAL);
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
		unw_destroy_addr_space(s->as);
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
static size_t format(pid_t tgid, pid_t tid, int depth, char *buf, size_t len)
{
	unw_addr_space_t as = space_of(tgid);
	char name[256], module[400];
	unw_cursor_t cursor;
	size_t used = 0;
	void *upt;

	if (!as || !len)
		return 0;
	upt = _UPT_create(tid);
	if (!upt)
		return 0;
	if (unw_init_remote(&cursor, as, upt) < 0)
		goto out;
	for (int i = 0; i < depth && used < len; i++) {
		unw_word_t ip, offset;
		int n;

		if (unw_get_reg(&cursor, UNW_REG_IP, &ip) < 0)
			break;
		module_of(tgid, ip, module, sizeof(module));
		if (unw_get_proc_name(&cursor, name, sizeof(name), &offset) == 0)
			n = snprintf(buf + used, len - used, " > %s(%s+0x%lx) [0x%lx]\n",
				     module, name, (unsigned long)offset, (unsigned long)ip);
		else
			n = snprintf(buf + used, len - used, " > %s() [0x%lx]\n",
				     module, (unsigned long)ip);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
		if (unw_step(&cursor) <= 0)
			break;
	}
out:
	_UPT_destroy(upt);
	return used;
}

const char *backtrace_of(pid_t tid, char *buf, size_t len)
{
	const struct tracee *t = tracee_find(tid);

	if (!tracer_cfg.backtrace_depth || !t || !t->proc)
		return NULL;
	return format(t->proc->tgid, tid, tracer_cfg.backtrace_depth, buf, len) ? buf : NULL;
}
