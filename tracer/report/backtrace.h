/* -k: the program's stack under each logged call, through libunwind-ptrace. */
#ifndef MSTACK_BACKTRACE_H
#define MSTACK_BACKTRACE_H

#include <stddef.h>
#include <sys/types.h>

#include <stdbool.h>

#ifdef HAVE_LIBUNWIND
/* Loads libunwind for -k. Returns NULL, or why it cannot be used. */
const char *backtrace_init(void);

/* Unwinds @depth frames under each logged call from now on (0: none). */
void backtrace_start(int depth);

/* True with -k. */
bool backtrace_on(void);

/*
 * With -k, writes the stack of stopped thread @tid of process @tgid (0:
 * unknown) into @buf, one " > module(function+0xoffset) [0xip]" line per
 * frame.  Returns @buf, or NULL without -k or when nothing could be unwound.
 */
const char *backtrace_of(pid_t tgid, pid_t tid, char *buf, size_t len);

/* Drops what is cached about process @tgid (it exec'd or exited). */
void backtrace_forget(pid_t tgid);
#else
static inline void backtrace_start(int depth)
{
}

static inline bool backtrace_on(void)
{
	return false;
}

static inline const char *backtrace_of(pid_t tgid, pid_t tid, char *buf, size_t len)
{
	return NULL;
}

static inline void backtrace_forget(pid_t tgid)
{
}
#endif

#endif
