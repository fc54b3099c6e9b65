/*
 * Unit test of the argument text of socket() and socketpair() in -v lines
 * (tracer/report/sockargs.c).  Each expected text is what strace 6.1
 * printed for the same value; tests/trace/strace-text compares with strace
 * itself the calls mstack moves, these include the values it never sees
 * (families without a name, which stay home) and the cut of a short buffer.
 */
#include <string.h>
#include <sys/socket.h>

#include "report/sockargs.h"
#include "unit.h"

/* Which argument a case formats. */
enum arg { FAMILY, TYPE, PROTOCOL };

static const struct {
	enum arg arg;
	int family, value;
	const char *want;
} cases[] = {
	{ FAMILY, 0, 0, "AF_UNSPEC" },
	{ FAMILY, 0, 1, "AF_UNIX" },
	{ FAMILY, 0, 12, "AF_DECnet" },
	{ FAMILY, 0, 45, "AF_MCTP" },
	{ FAMILY, 0, 46, "0x2e /* AF_??? */" },
	{ FAMILY, 0, -1, "0xffffffff /* AF_??? */" },
	{ TYPE, 0, 0, "0" },
	{ TYPE, 0, SOCK_DCCP, "SOCK_DCCP" },
	{ TYPE, 0, SOCK_PACKET, "SOCK_PACKET" },
	{ TYPE, 0, 7, "0x7 /* SOCK_??? */" },
	{ TYPE, 0, 77, "0x4d /* SOCK_??? */" },
	{ TYPE, 0, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	  "SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK" },
	{ TYPE, 0, SOCK_CLOEXEC | SOCK_NONBLOCK, "SOCK_CLOEXEC|SOCK_NONBLOCK" },
	{ TYPE, 0, SOCK_STREAM | 0x800000, "SOCK_STREAM|0x800000 /* SOCK_??? */" },
	{ TYPE, 0, SOCK_CLOEXEC | 0x8000, "SOCK_CLOEXEC|0x8000" },
	{ TYPE, 0, SOCK_NONBLOCK | SOCK_CLOEXEC | 0x40, "SOCK_CLOEXEC|SOCK_NONBLOCK|0x40" },
	{ TYPE, 0, -1, "SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7ff" },
	{ PROTOCOL, AF_INET, 0, "IPPROTO_IP" },
	{ PROTOCOL, AF_INET6, 262, "IPPROTO_MPTCP" },
	{ PROTOCOL, AF_INET, 200, "0xc8 /* IPPROTO_??? */" },
	{ PROTOCOL, AF_INET, -1, "0xffffffff /* IPPROTO_??? */" },
	{ PROTOCOL, AF_NETLINK, 16, "NETLINK_GENERIC" },
	{ PROTOCOL, AF_NETLINK, 0x29, "0x29 /* NETLINK_??? */" },
	{ PROTOCOL, AF_PACKET, 0x0300, "htons(ETH_P_ALL)" },
	{ PROTOCOL, AF_PACKET, 0x10300, "htons(ETH_P_ALL)" },
	{ PROTOCOL, AF_PACKET, 0, "htons(0 /* ETH_P_??? */)" },
	{ PROTOCOL, AF_PACKET, 0x0017, "htons(0x1700 /* ETH_P_??? */)" },
	{ PROTOCOL, AF_AX25, 0xcc, "0xcc /* AX25_P_IP */" },
	{ PROTOCOL, AF_AX25, 0, "0 /* AX25_P_??? */" },
	{ PROTOCOL, AF_IRDA, 1, "CAN_RAW" },
	{ PROTOCOL, AF_IRDA, 0, "0 /* IRDAPROTO_??? */" },
	{ PROTOCOL, AF_BLUETOOTH, 0, "BTPROTO_L2CAP" },
	{ PROTOCOL, AF_RXRPC, 10, "AF_INET6" },
	{ PROTOCOL, AF_RXRPC, 0x41, "0x41 /* AF_??? */" },
	{ PROTOCOL, AF_UNIX, 0, "0" },
	{ PROTOCOL, AF_XDP, -1, "4294967295" },
	{ PROTOCOL, 50, 7, "7" },
};

/* Returns the text of case @i, written into @buf of @size bytes. */
static const char *format(size_t i, char *buf, size_t size)
{
	switch (cases[i].arg) {
	case FAMILY:
		return sockargs_family(buf, size, cases[i].value);
	case TYPE:
		return sockargs_type(buf, size, cases[i].value);
	default:
		return sockargs_protocol(buf, size, cases[i].family, cases[i].value);
	}
}

int main(void)
{
	char buf[SOCKARGS_MAX], small[8];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = format(i, buf, sizeof(buf));

		if (strcmp(got, cases[i].want))
			fail("case %zu (%d, %#x): \"%s\", want \"%s\"", i, cases[i].family,
			     (unsigned int)cases[i].value, got, cases[i].want);
		format(i, small, sizeof(small));
		if (strncmp(small, cases[i].want, sizeof(small) - 1) ||
		    strlen(small) > sizeof(small) - 1)
			fail("case %zu cut to %zu bytes: \"%s\"", i, sizeof(small), small);
	}
	return unit_result("socket argument text");
}
