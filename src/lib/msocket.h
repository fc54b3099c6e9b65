/*
 * msocket(3): create a socket in the networking stack mounted at a path,
 * or change the calling process's default stacks (View-OS interface).
 */
#ifndef MSOCKET_H
#define MSOCKET_H

/* The domain and type constants of every call (AF_INET, SOCK_DGRAM...). */
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* type: set the default stack for domain (0: every family) instead. */
#define SOCK_DEFAULT	0
/* View-OS's file type for stacks; no Linux file has it. */
#define S_IFSTACK	0160000
/* The View-OS virtual system call number of msocket. */
#define VIRSYS_MSOCKET	2

/*
 * Returns a socket descriptor (0 for SOCK_DEFAULT), or -1 with errno:
 * ENOENT (no such path), ENOTSUP (not a stack), EINVAL (SOCK_DEFAULT
 * without a path), EAFNOSUPPORT (the null stack), EPERM (the stack cannot
 * be entered), ENOSYS (SOCK_DEFAULT outside mstack), or socket(2)'s own.
 */
int msocket(const char *path, int domain, int type, int protocol);

#ifdef __cplusplus
}
#endif

#endif
