/*
 * STACK names: what a STACK of the mstack command line and an msocket
 * path name, told from the text alone, before any file is looked at (see
 * mstack(1), STACKS, and msocket(3)).
 */
#ifndef MSTACK_STACK_NAME_H
#define MSTACK_STACK_NAME_H

#include <limits.h>
#include <stdbool.h>

#define STACK_PATH_NULL "/dev/net/null"
#define STACK_PATH_NATIVE "/dev/net/native"
#define STACK_NEW "new"
#define NETNS_RUN_DIR "/run/netns/"

/* Which forms a name may take. */
enum stack_syntax {
	STACK_SYNTAX_COMMAND,	/* mstack's STACK: also null, native and a bare NAME */
	STACK_SYNTAX_MSOCKET,	/* an msocket path: short forms are paths there */
};

enum stack_name_kind {
	STACK_NAME_NULL,	/* no networking */
	STACK_NAME_NATIVE,	/* the stack the outermost mstack started in */
	STACK_NAME_NEW,		/* (command line) a fresh private one */
	STACK_NAME_NETNS,	/* a bare NAME: the file NETNS_RUN_DIR NAME */
	STACK_NAME_PATH,	/* a network namespace file, by its path */
};

struct stack_name {
	enum stack_name_kind kind;
	const char *file;	/* NETNS and PATH: what to open */
	char netns[sizeof(NETNS_RUN_DIR) + NAME_MAX];	/* NETNS: the file */
};

/*
 * Tells what @arg names in @syntax.  For STACK_NAME_PATH, @n->file is
 * @arg itself; for STACK_NAME_NETNS it is @n->netns.
 * Returns 0, or -ENOENT when @arg can name no file: empty, or (on the
 * command line) a bare ".", ".." or a NAME longer than NAME_MAX.
 */
int stack_name_parse(const char *arg, enum stack_syntax syntax, struct stack_name *n);

/*
 * True if @arg is a VDE network locator (vde_plug(1)): SCHEME://...,
 * SCHEME the name of a vdeplug plugin (vde, slirp, vxvde, ...).
 */
bool stack_name_vde(const char *arg);

#endif
