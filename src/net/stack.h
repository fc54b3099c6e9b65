/* Networking stacks: what a STACK path names, and how it is held open. */
#ifndef MSTACK_STACK_H
#define MSTACK_STACK_H

#include <stdbool.h>

enum stack_kind {
	STACK_NETNS,		/* a network namespace, held by nsfd */
	STACK_NULL,		/* no networking: EAFNOSUPPORT */
	STACK_SERVED,		/* a network namespace whose sockets @helper makes */
	STACK_VDE,		/* a new stack on a VDE network: net/vde_stack.h */
};

struct nshelper;

struct stack {
	enum stack_kind kind;
	int nsfd;		/* NETNS, SERVED: an open nsfs file (-1 for a SERVED
				   one not started yet: new); VDE: its keeper's channel */
	char *name;		/* as the user wrote it, for messages */
	struct nshelper *helper;	/* SERVED: NULL until started */
	bool mounted;		/* SERVED by "mstack --mount": net/mounted.h */
};

extern const char *const stack_expected;

/* Returns a new stack object, or NULL with errno. */
struct stack *stack_new(enum stack_kind kind, int nsfd, const char *name);

/*
 * Returns a STACK_SERVED stack named @name of @conn, a connection to a
 * mounted stack (net/mounted.h), which it then owns, closed on failure
 * too; or NULL with errno.
 */
struct stack *stack_mounted(int conn, const char *name);

/* Closes @s's descriptor, ends its helper and frees it. */
void stack_free(struct stack *s);

/*
 * Opens the stack named by @arg, a STACK of the command line (a netns
 * file, a NAME under /run/netns, null, native, new: see
 * stack_name_parse(); new is a STACK_SERVED stack whose helper the
 * tracer starts; a socket file is a mounted stack, net/mounted.h, a
 * STACK_SERVED stack served already).
 * @native is the stack mstack started in.
 * Returns the stack, or NULL with errno (ENOTSUP: exists but is no stack;
 * ECONNREFUSED: a stale mounted stack).
 */
struct stack *stack_open(const char *arg, struct stack *native);

/* The stack mstack was started in; NULL with errno on failure. */
struct stack *stack_native(void);

#endif
