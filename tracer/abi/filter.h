/* The seccomp-bpf filter: which calls leave the kernel for the tracer. */
#ifndef MSTACK_FILTER_H
#define MSTACK_FILTER_H

#include <stdbool.h>
#include <stdint.h>
#include "net/families.h"

#include <linux/filter.h>

struct filter_spec {
	family_set families;	/* socket()/socketpair() of these stop */
	bool notify;		/* user notification, else a ptrace stop */
	bool watch;		/* -vv: bind, connect, send*, listen, accept* stop too */
	bool wait_killable;	/* a received notification must wait killable only */
	bool families_only;	/* nothing else stops: a filter stacked on the first */
	bool unheld;		/* no process is held: what the tracer serves is notified */
	int deny;		/* families-only: fail them with this errno, do not stop */
};

#define FILTER_MAX_INSNS 128

/* Builds the program for @spec into @code. Returns its length or -errno. */
int filter_build(const struct filter_spec *spec, struct sock_filter code[FILTER_MAX_INSNS]);

/*
 * Installs the filter in the calling thread (no_new_privs is set first when
 * the caller lacks CAP_SYS_ADMIN), with a notification listener even when
 * nothing is notified; a received notification waits killable only where
 * the kernel can (always if @spec->wait_killable).  Returns the listener,
 * 0 when the kernel has no listeners and none is needed, or -errno.
 */
int filter_install(const struct filter_spec *spec);

#endif
