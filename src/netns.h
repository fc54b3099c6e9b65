/* Network namespace files, shared by mstack and libmsocket. */
#ifndef MSTACK_NETNS_H
#define MSTACK_NETNS_H

/*
 * Returns an O_RDONLY close-on-exec descriptor of the network namespace at
 * @path, or -1 with errno (ENOTSUP when @path exists but is none).
 */
int netns_open(const char *path);

#endif
