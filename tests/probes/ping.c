/*
 * ping inet|inet6 SRC DST: one ICMP echo from SRC to DST on a raw socket,
 * answered within 5 s.  Binding SRC first means that on the wrong stack
 * (where SRC does not exist) it fails with EADDRNOTAVAIL.
 * Prints "ping DST: reply" or "ping DST: CALL errno=E".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define ECHO_ID 0x6d73	/* "ms" */

/* The Internet checksum (RFC 1071) of @len bytes at @p; ICMPv6's is the kernel's. */
static uint16_t checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)(b[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* Fills @ss with @text of @family; returns its length. */
static socklen_t address(int family, const char *text, struct sockaddr_storage *ss)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)family;
	if (inet_pton(family, text, family == AF_INET ? (void *)&in->sin_addr :
		      (void *)&in6->sin6_addr) != 1)
		die("bad address %s", text);
	return family == AF_INET ? sizeof(*in) : sizeof(*in6);
}

/* True if the datagram @buf (@n bytes) is the reply to our echo. */
static int is_reply(int family, const uint8_t *buf, ssize_t n)
{
	if (family == AF_INET6) {
		const struct icmp6_hdr *h = (const void *)buf;

		return n >= (ssize_t)sizeof(*h) && h->icmp6_type == ICMP6_ECHO_REPLY &&
		       ntohs(h->icmp6_id) == ECHO_ID;
	}
	/* IPv4 raw sockets receive the IP header too. */
	const struct ip *ip = (const void *)buf;
	const struct icmp *h;

	if (n < (ssize_t)sizeof(*ip) || n < ip->ip_hl * 4 + 8)
		return 0;
	h = (const void *)(buf + ip->ip_hl * 4);
	return h->icmp_type == ICMP_ECHOREPLY && ntohs(h->icmp_id) == ECHO_ID;
}

int main(int argc, char **argv)
{
	struct timeval tv = { 1, 0 };
	struct sockaddr_storage src, dst;
	uint8_t req[16] = { 0 }, buf[2048];
	int family, fd;
	socklen_t len;
	time_t end;
	ssize_t n;

	if (argc != 4)
		die("usage: ping inet|inet6 SRC DST");
	family = family_by_name(argv[1]);
	if (family != AF_INET && family != AF_INET6)
		die("ping: inet or inet6, not %s", argv[1]);
	fd = socket(family, SOCK_RAW, family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	if (fd < 0) {
		printf("ping %s: socket errno=%s\n", argv[3], errno_name(errno));
		return 0;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	len = address(family, argv[2], &src);
	if (bind(fd, (struct sockaddr *)&src, len) < 0) {
		printf("ping %s: bind errno=%s\n", argv[3], errno_name(errno));
		return 0;
	}
	req[0] = family == AF_INET ? ICMP_ECHO : ICMP6_ECHO_REQUEST;
	req[4] = ECHO_ID >> 8;
	req[5] = ECHO_ID & 0xff;
	if (family == AF_INET)
		memcpy(req + 2, &(uint16_t){ checksum(req, sizeof(req)) }, 2);
	len = address(family, argv[3], &dst);
	/* A few tries: the first may wait for neighbour discovery. */
	for (end = time(NULL) + 5; time(NULL) < end;) {
		if (sendto(fd, req, sizeof(req), 0, (struct sockaddr *)&dst, len) < 0) {
			printf("ping %s: sendto errno=%s\n", argv[3], errno_name(errno));
			return 0;
		}
		while ((n = recv(fd, buf, sizeof(buf), 0)) >= 0)
			if (is_reply(family, buf, n)) {
				printf("ping %s: reply\n", argv[3]);
				return 0;
			}
	}
	printf("ping %s: no reply\n", argv[3]);
	return 0;
}
