/* Network namespace files, shared by mstack and libmsocket. */
#ifndef MSTACK_NETNS_H
#define MSTACK_NETNS_H

/*
 * Returns an O_RDONLY close-on-exec descriptor of the network namespace at
 * @path, or -1 with errno (ENOTSUP when @path exists but is none).  The
 * path is opened O_PATH first, so that a FIFO or a device is never opened
 * for real.
 */
int netns_open(const char *path);

/* The same for a file already open as @pfd (O_PATH will do). */
int netns_from_path_fd(int pfd);

#endif
