/*
 * VDE and slirp stacks: a new network namespace whose interface vde0 is
 * plugged into a VDE network (vde_plug(1) locators such as vde:///tmp/sw
 * or slirp://), made with libvdestack by a keeper, a program of its own
 * (vde_keeper.c) that lives as long as the session and makes its sockets.
 */
#ifndef MSTACK_VDE_STACK_H
#define MSTACK_VDE_STACK_H

#include <stddef.h>

#include "net/stack.h"

/* The interface of a VDE stack, as libvdestack names it by default. */
#define VDE_IFNAME "vde0"

/*
 * The keeper's channel to the session, a SEQPACKET socket: it answers
 * "" or why it failed once the stack is made, then serves one socket
 * per struct vde_request, until the session closes its end.
 */
#define VDE_KEEPER_FD 3

/* Names the keeper program instead of the installed one (the test suite). */
#define VDE_KEEPER_ENV "MSTACK_VDE_KEEPER"

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

#endif
