/* The mstack command line. */
#ifndef MSTACK_OPTIONS_H
#define MSTACK_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include "net/families.h"

/* Exit statuses a caller can rely on (see mstack(1)). */
enum {
	EXIT_STACK = 1,		/* STACK unusable */
	EXIT_USAGE = 2,
	EXIT_NOEXEC = 126,
	EXIT_NOTFOUND = 127,
};

/* At most this many --stack-cmd. */
#define OPTIONS_STACK_CMDS 16

struct options {
	family_set families;	/* families moved to the stack */
	bool families_pristine;	/* still the initial "all" */
	int verbose;
	bool ptrace_only;
	int backtrace_depth;	/* -k: frames per backtrace, 0 for none */
	const char *log_path;	/* --log */
	const char *stack;
	char *stack_cmds[OPTIONS_STACK_CMDS + 1];	/* --stack-cmd, NULL-terminated */
	char **command;
	bool mount;		/* --mount: serve STACK at mount_path */
	const char *mount_path;
};

/*
 * Applies one LIST (mstack -o) to @o->families.
 * Returns 0, or -1 with *@bad_item pointing into @list at the offending item.
 */
int family_list_apply(struct options *o, const char *list,
		      const char **bad_item, int *bad_len);

/* What options_read() returns besides 0 and -1. */
enum { OPTIONS_HELP = 1, OPTIONS_VERSION };

/*
 * Parses argv into @o without printing or exiting. Returns 0;
 * OPTIONS_HELP or OPTIONS_VERSION for --help or --version; or -1 on a
 * usage error, said in @msg (@len bytes, no "mstack: " prefix).
 */
int options_read(struct options *o, int argc, char **argv, char *msg, size_t len);

/* Parses argv; on a usage error prints a message and exits EXIT_USAGE. */
void options_parse(struct options *o, int argc, char **argv);

#endif
