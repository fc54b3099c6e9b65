/*
 * The arguments of socket() and socketpair() as strace 6.1 prints them,
 * so that the call text of a -v line is that of strace for the same call.
 * Pure functions: no state, no system calls.
 */
#ifndef MSTACK_SOCKARGS_H
#define MSTACK_SOCKARGS_H

#include <stddef.h>

/* Room for any one argument these functions write, with its NUL. */
#define SOCKARGS_MAX 64

/*
 * Writes @family ("AF_INET"; a number without a name in hex, followed by
 * the comment AF_??? as strace writes it) into @buf.  Returns @buf.
 */
char *sockargs_family(char *buf, size_t size, int family);

/*
 * Writes @type: the base type, then SOCK_CLOEXEC and SOCK_NONBLOCK in
 * that order, then any other bits ("SOCK_DGRAM|SOCK_CLOEXEC|0x40"); with
 * an unknown base the flags are decoded alone, and a value with no name
 * at all is a hex number with the comment SOCK_???.  Returns @buf.
 */
char *sockargs_type(char *buf, size_t size, int type);

/*
 * Writes socket()'s @protocol as decoded for @family (IPPROTO_* for
 * AF_INET and AF_INET6, NETLINK_*, "htons(ETH_P_ALL)" for AF_PACKET,
 * ...), or as an unsigned number for a family without protocol names.
 * socketpair()'s protocol is always a number.  Returns @buf.
 */
char *sockargs_protocol(char *buf, size_t size, int family, int protocol);

#endif
