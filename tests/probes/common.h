/* Shared helpers of the test probes. */
#ifndef MSTACK_PROBES_COMMON_H
#define MSTACK_PROBES_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* Exit status of a probe whose own set-up failed (not a test verdict). */
#define PROBE_ERROR 99

__attribute__((noreturn, format(printf, 1, 2)))
void die(const char *fmt, ...);
const char *errno_name(int err);
int family_by_name(const char *name);
int type_by_name(const char *name);
const char *family_text(int family);
const char *type_text(int type);

/* "cookie=N" for a socket, "errno=E" when fd < 0 (err) or the cookie fails. */
void sock_text(int fd, int err, char *buf, size_t len);
/* FAMILY[:TYPE[:PROTO]] or pair:FAMILY[:TYPE]; prints "SPEC RESULT". */
/*
 * Parses SPEC = [pair:]FAMILY[:TYPE[:PROTO]] (TYPE defaults to raw for
 * netlink and packet, stream otherwise).  Returns 1 for a pair, else 0.
 */
int sock_spec_parse(const char *spec, int *family, int *type, int *protocol);
void sock_spec(const char *spec, char *buf, size_t len);
void sock_specs(int argc, char **argv);
/* Path of another probe in the directory of this one. */
void probe_path(const char *name, char *buf, size_t len);
/* Becomes user @uid (its gid, no supplementary groups), or dies. */
void become_uid(const char *uid);
/* Parses "-u UID" (become_uid) for a probe; returns the index of the first step. */
int uid_option(int argc, char **argv, const char *usage);
/* Lowest free descriptor (opened and closed again). */
socklen_t make_addr(const char *kind, const char *addr, const char *port,
		    struct sockaddr_storage *ss);
int lowest_free_fd(void);
void close_from(int fd);
/*
 * The tracer of this probe's session: the one other process whose command
 * line is $MSTACK's, ending with this probe's own, that holds a seccomp
 * listener.  Dies unless there is exactly one.
 */
pid_t session_tracer(void);
/*
 * Sets no_new_privs and stacks seccomp filters that allow everything until
 * not even one more instruction fits the kernel's budget; dies on error.
 */
void fill_seccomp_filters(void);

#endif
