/* The ptrace path: sockets handed over by an injected recvmsg(). */
#ifndef MSTACK_PTRACE_PATH_H
#define MSTACK_PTRACE_PATH_H

#include <sys/types.h>

/* Serves the socket call at @tid's seccomp stop and resumes the thread. */
void ptrace_path_serve(pid_t tid);

#endif
