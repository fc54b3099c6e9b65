/*
 * A new default table means the kernel must stop the calls of every family
 * it moves.  The filters only decide which calls stop, the table in the
 * tracer where they go: so a change adds a filter only when it moves a
 * family the process's filters do not stop yet, a filter that stops just
 * those families (at most one per family in a process lineage).  It is
 * installed by the program itself through an injected seccomp() with
 * TSYNC (its threads share defaults); children made afterwards inherit
 * it, exec keeps it, the parent and siblings never have it.  A filter
 * chain may have only one listener, so the new filter stops at ptrace;
 * calls the first filter already notifies keep that faster path
 * (notification outranks a ptrace stop), and both paths look the
 * caller's table up by thread.  A family a table does not move but a
 * filter stops is given back to the kernel untouched.  The new table holds
 * for the network namespace the caller is in: one that left mstack's
 * namespace itself is redirected again from now on.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "policy/defaults.h"
#include "abi/filter.h"
#include "ptrace/memory.h"
#include "policy/tracee.h"

static long call3(struct inject *ij, long nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	const uint64_t args[6] = { a0, a1, a2, 0, 0, 0 };

	return inject_syscall(ij, nr, args);
}

/* Runs the injected seccomp() for the filter image at @at. Returns 0 or -errno. */
static long set_filter(struct inject *ij, uint64_t at)
{
	long ret;

	ret = call3(ij, __NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, at);
	if (ret == -EACCES) {
		/* Without CAP_SYS_ADMIN the kernel wants no_new_privs. */
		ret = call3(ij, __NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0);
		if (!ret)
			ret = call3(ij, __NR_seccomp, SECCOMP_SET_MODE_FILTER,
				    SECCOMP_FILTER_FLAG_TSYNC, at);
	}
	return ret > 0 ? -EBUSY : ret;	/* TSYNC: a thread that could not follow */
}

/*
 * Installs a filter stopping @families in the program (failing them with
 * @deny instead, if not 0), through an image
 * below its stack pointer that is put back as it was afterwards.
 * Returns 0 or -errno: ENOMEM when the kernel's limit on the filters of a
 * process is reached (see seccomp(2)).
 */
static long install(struct inject *ij, family_set families, int deny)
{
	const struct filter_spec spec = {
		.families = families, .families_only = true, .deny = deny,
	};
	struct {
		struct sock_fprog prog;
		struct sock_filter code[FILTER_MAX_INSNS];
	} image;
	struct memory_saved saved;
	size_t size;
	uint64_t at;
	long ret;
	int len;

	_Static_assert(sizeof(image) <= MEMORY_SAVED_MAX, "the filter image is kept whole");
	len = filter_build(&spec, image.code);
	if (len < 0)
		return len;
	size = offsetof(typeof(image), code) + (size_t)len * sizeof(image.code[0]);
	at = inject_scratch(ij, sizeof(image));
	memset(&image.prog, 0, sizeof(image.prog));
	image.prog.len = (unsigned short)len;
	image.prog.filter = (struct sock_filter *)(uintptr_t)(at + offsetof(typeof(image), code));
	ret = memory_save(&saved, ij->tid, at, size);
	if (!ret)
		ret = memory_write(ij->tid, at, &image, size);
	if (!ret)
		ret = set_filter(ij, at);
	memory_restore(&saved);
	return ret;
}

int defaults_set(struct inject *ij, const struct table *from, int family, struct stack *s,
		 const char **why)
{
	family_set caught = tracee_caught(ij->tid), more;
	struct procfs_ns netns;
	struct table *t;
	long ret = procfs_netns(ij->tid, &netns);

	if (ret < 0) {
		*why = "cannot read the caller's network namespace";
		return (int)ret;
	}
	t = table_derive(from, family, s);
	if (!t) {
		*why = "out of memory for the new defaults";
		return -ENOMEM;
	}
	more = t->families & ~caught;
	ret = more ? install(ij, more, 0) : 0;
	if (!ret)
		tracee_set_table(ij->tid, t, caught | more, &netns);
	else if (ret == -ENOMEM)
		*why = "the kernel refused one more seccomp filter (its limit on filters)";
	else
		*why = "cannot install the seccomp filter of the new defaults";
	table_put(t);
	return (int)ret;
}

int defaults_deny(struct inject *ij, family_set families, int err)
{
	return (int)install(ij, families, err);
}
