/* Address family names as the kernel headers spell them. */
#include <stddef.h>

#include "net/families.h"

static const char *const af_names[AF_MAX] = {
	[AF_UNIX] = "AF_UNIX",		[AF_INET] = "AF_INET",
	[AF_AX25] = "AF_AX25",		[AF_IPX] = "AF_IPX",
	[AF_APPLETALK] = "AF_APPLETALK", [AF_NETROM] = "AF_NETROM",
	[AF_BRIDGE] = "AF_BRIDGE",	[AF_ATMPVC] = "AF_ATMPVC",
	[AF_X25] = "AF_X25",		[AF_INET6] = "AF_INET6",
	[AF_ROSE] = "AF_ROSE",		[AF_DECnet] = "AF_DECnet",
	[AF_NETBEUI] = "AF_NETBEUI",	[AF_SECURITY] = "AF_SECURITY",
	[AF_KEY] = "AF_KEY",		[AF_NETLINK] = "AF_NETLINK",
	[AF_PACKET] = "AF_PACKET",	[AF_ASH] = "AF_ASH",
	[AF_ECONET] = "AF_ECONET",	[AF_ATMSVC] = "AF_ATMSVC",
	[AF_RDS] = "AF_RDS",		[AF_SNA] = "AF_SNA",
	[AF_IRDA] = "AF_IRDA",		[AF_PPPOX] = "AF_PPPOX",
	[AF_WANPIPE] = "AF_WANPIPE",	[AF_LLC] = "AF_LLC",
	[AF_IB] = "AF_IB",		[AF_MPLS] = "AF_MPLS",
	[AF_CAN] = "AF_CAN",		[AF_TIPC] = "AF_TIPC",
	[AF_BLUETOOTH] = "AF_BLUETOOTH", [AF_IUCV] = "AF_IUCV",
	[AF_RXRPC] = "AF_RXRPC",	[AF_ISDN] = "AF_ISDN",
	[AF_PHONET] = "AF_PHONET",	[AF_IEEE802154] = "AF_IEEE802154",
	[AF_CAIF] = "AF_CAIF",		[AF_ALG] = "AF_ALG",
	[AF_NFC] = "AF_NFC",		[AF_VSOCK] = "AF_VSOCK",
	[AF_KCM] = "AF_KCM",		[AF_QIPCRTR] = "AF_QIPCRTR",
	[AF_SMC] = "AF_SMC",		[AF_XDP] = "AF_XDP",
	[AF_MCTP] = "AF_MCTP",
};

const char *family_name(int family)
{
	if (family < 0 || family >= AF_MAX)
		return NULL;
	return af_names[family];
}
