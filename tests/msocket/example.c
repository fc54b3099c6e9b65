/* Bind UDP sockets of the networking stack STACK to ADDRESS. */
#include <arpa/inet.h>
#include <errno.h>
#include <msocket.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void
bind_and_close(int fd, const char *call, const struct sockaddr_in *addr)
{
    if (fd == -1) {
        perror(call);
        exit(EXIT_FAILURE);
    }
    if (bind(fd, (const struct sockaddr *) addr, sizeof(*addr)) == -1) {
        perror("bind");
        exit(EXIT_FAILURE);
    }
    close(fd);
}

int
main(int argc, char *argv[])
{
    struct sockaddr_in addr = { .sin_family = AF_INET };

    if (argc != 3) {
        fprintf(stderr, "Usage: %s STACK ADDRESS\n", argv[0]);
        exit(EXIT_FAILURE);
    }
    if (inet_pton(AF_INET, argv[2], &addr.sin_addr) != 1) {
        fprintf(stderr, "%s: not an IPv4 address\n", argv[2]);
        exit(EXIT_FAILURE);
    }

    /* A socket of STACK, whatever the defaults are. */
    bind_and_close(msocket(argv[1], AF_INET, SOCK_DGRAM, 0), "msocket", &addr);
    printf("msocket: bound to %s in %s\n", argv[2], argv[1]);

    /* Make STACK the IPv4 default of this process and its children. */
    if (msocket(argv[1], AF_INET, SOCK_DEFAULT, 0) == -1) {
        if (errno != ENOSYS) {
            perror("msocket SOCK_DEFAULT");
            exit(EXIT_FAILURE);
        }
        printf("not under mstack: defaults unchanged\n");
        exit(EXIT_SUCCESS);
    }
    bind_and_close(socket(AF_INET, SOCK_DGRAM, 0), "socket", &addr);
    printf("socket: bound to %s\n", argv[2]);
    exit(EXIT_SUCCESS);
}
