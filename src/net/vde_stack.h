/*
 * VDE and slirp stacks: a new network namespace whose interface vde0 is
 * plugged into a VDE network (vde_plug(1) locators such as vde:///tmp/sw
 * or slirp://), made with libvdestack by a keeper process that lives as
 * long as the session and makes its sockets (see vde_keeper.c).
 */
#ifndef MSTACK_VDE_STACK_H
#define MSTACK_VDE_STACK_H

#include <stddef.h>

#include "net/stack.h"

/* The interface of a VDE stack, as libvdestack names it by default. */
#define VDE_IFNAME "vde0"

/* What a socket request to the keeper carries. */
struct vde_request {
	int domain, type, protocol;
};

/*
 * Makes a new stack plugged into the VDE network @locator and runs the
 * commands @cmds (NULL-terminated, vde_stackcmd(3) forms) in it.
 * Returns the stack, or NULL with the reason in @why (@len bytes).
 */
struct stack *vde_stack_open(const char *locator, char *const *cmds, char *why, size_t len);

/*
 * Makes a socket in the VDE stack @s, close-on-exec.
 * Returns 1 with the descriptor in *@fd, or -errno (ENETDOWN: the
 * stack has ended).
 */
int vde_stack_socket(const struct stack *s, int domain, int type, int protocol, int *fd);

/*
 * The keeper of a new VDE stack: makes it, answers "" or a reason on
 * @chan, then serves struct vde_request until @chan is closed, and
 * deletes the stack.  Never returns.
 */
void __attribute__((noreturn)) vde_keeper_main(int chan, const char *locator, char *const *cmds);

#endif
