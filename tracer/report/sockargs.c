/*
 * The arguments of socket() and socketpair() as strace 6.1 prints them.
 * The names are those strace 6.1 knows, spelled and chosen as it does
 * (one name per value); a value without a name is written as strace
 * writes it: in hex with the comment PREFIX_??? for a family, a type or
 * a protocol of a family with names, in unsigned decimal for the
 * protocol of a family without.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "net/families.h"
#include "report/sockargs.h"

struct named {
	unsigned int value;
	const char *name;
};

static const struct named inet_protocols[] = {
	{ 0, "IPPROTO_IP" }, { 1, "IPPROTO_ICMP" }, { 2, "IPPROTO_IGMP" },
	{ 4, "IPPROTO_IPIP" }, { 6, "IPPROTO_TCP" }, { 8, "IPPROTO_EGP" },
	{ 12, "IPPROTO_PUP" }, { 17, "IPPROTO_UDP" }, { 22, "IPPROTO_IDP" },
	{ 29, "IPPROTO_TP" }, { 33, "IPPROTO_DCCP" }, { 41, "IPPROTO_IPV6" },
	{ 43, "IPPROTO_ROUTING" }, { 44, "IPPROTO_FRAGMENT" },
	{ 46, "IPPROTO_RSVP" }, { 47, "IPPROTO_GRE" }, { 50, "IPPROTO_ESP" },
	{ 51, "IPPROTO_AH" }, { 58, "IPPROTO_ICMPV6" }, { 59, "IPPROTO_NONE" },
	{ 60, "IPPROTO_DSTOPTS" }, { 92, "IPPROTO_MTP" },
	{ 94, "IPPROTO_BEETPH" }, { 98, "IPPROTO_ENCAP" },
	{ 103, "IPPROTO_PIM" }, { 108, "IPPROTO_COMP" },
	{ 115, "IPPROTO_L2TP" }, { 132, "IPPROTO_SCTP" },
	{ 135, "IPPROTO_MH" }, { 136, "IPPROTO_UDPLITE" },
	{ 137, "IPPROTO_MPLS" }, { 143, "IPPROTO_ETHERNET" },
	{ 255, "IPPROTO_RAW" }, { 262, "IPPROTO_MPTCP" },
	{ 0, NULL }
};

static const struct named ax25_protocols[] = {
	{ 1, "AX25_P_ROSE" }, { 6, "AX25_P_VJCOMP" }, { 7, "AX25_P_VJUNCOMP" },
	{ 8, "AX25_P_SEGMENT" }, { 195, "AX25_P_TEXNET" },
	{ 196, "AX25_P_LQ" }, { 202, "AX25_P_ATALK" },
	{ 203, "AX25_P_ATALK_ARP" }, { 204, "AX25_P_IP" },
	{ 205, "AX25_P_ARP" }, { 206, "AX25_P_FLEXNET" },
	{ 207, "AX25_P_NETROM" }, { 240, "AX25_P_TEXT" },
	{ 0, NULL }
};

static const struct named netlink_protocols[] = {
	{ 0, "NETLINK_ROUTE" }, { 1, "NETLINK_UNUSED" },
	{ 2, "NETLINK_USERSOCK" }, { 3, "NETLINK_FIREWALL" },
	{ 4, "NETLINK_SOCK_DIAG" }, { 5, "NETLINK_NFLOG" },
	{ 6, "NETLINK_XFRM" }, { 7, "NETLINK_SELINUX" },
	{ 8, "NETLINK_ISCSI" }, { 9, "NETLINK_AUDIT" },
	{ 10, "NETLINK_FIB_LOOKUP" }, { 11, "NETLINK_CONNECTOR" },
	{ 12, "NETLINK_NETFILTER" }, { 13, "NETLINK_IP6_FW" },
	{ 14, "NETLINK_DNRTMSG" }, { 15, "NETLINK_KOBJECT_UEVENT" },
	{ 16, "NETLINK_GENERIC" }, { 18, "NETLINK_SCSITRANSPORT" },
	{ 19, "NETLINK_ECRYPTFS" }, { 20, "NETLINK_RDMA" },
	{ 21, "NETLINK_CRYPTO" }, { 22, "NETLINK_SMC" },
	{ 0, NULL }
};

static const struct named ethernet_protocols[] = {
	{ 0x1, "ETH_P_802_3" }, { 0x2, "ETH_P_AX25" }, { 0x3, "ETH_P_ALL" },
	{ 0x4, "ETH_P_802_2" }, { 0x5, "ETH_P_SNAP" }, { 0x6, "ETH_P_DDCMP" },
	{ 0x7, "ETH_P_WAN_PPP" }, { 0x8, "ETH_P_PPP_MP" },
	{ 0x9, "ETH_P_LOCALTALK" }, { 0xc, "ETH_P_CAN" },
	{ 0xd, "ETH_P_CANFD" }, { 0xe, "ETH_P_CANXL" },
	{ 0x10, "ETH_P_PPPTALK" }, { 0x11, "ETH_P_TR_802_2" },
	{ 0x15, "ETH_P_MOBITEX" }, { 0x16, "ETH_P_CONTROL" },
	{ 0x17, "ETH_P_IRDA" }, { 0x18, "ETH_P_ECONET" },
	{ 0x19, "ETH_P_HDLC" }, { 0x1a, "ETH_P_ARCNET" },
	{ 0x1b, "ETH_P_DSA" }, { 0x1c, "ETH_P_TRAILER" },
	{ 0x60, "ETH_P_LOOP" }, { 0xf5, "ETH_P_PHONET" },
	{ 0xf6, "ETH_P_IEEE802154" }, { 0xf7, "ETH_P_CAIF" },
	{ 0xf8, "ETH_P_XDSA" }, { 0xf9, "ETH_P_MAP" }, { 0xfa, "ETH_P_MCTP" },
	{ 0x200, "ETH_P_PUP" }, { 0x201, "ETH_P_PUPAT" },
	{ 0x600, "ETH_P_802_3_MIN" }, { 0x800, "ETH_P_IP" },
	{ 0x805, "ETH_P_X25" }, { 0x806, "ETH_P_ARP" }, { 0x8ff, "ETH_P_BPQ" },
	{ 0xa00, "ETH_P_IEEEPUP" }, { 0xa01, "ETH_P_IEEEPUPAT" },
	{ 0x22eb, "ETH_P_ERSPAN2" }, { 0x22f0, "ETH_P_TSN" },
	{ 0x4305, "ETH_P_BATMAN" }, { 0x6000, "ETH_P_DEC" },
	{ 0x6001, "ETH_P_DNA_DL" }, { 0x6002, "ETH_P_DNA_RC" },
	{ 0x6003, "ETH_P_DNA_RT" }, { 0x6004, "ETH_P_LAT" },
	{ 0x6005, "ETH_P_DIAG" }, { 0x6006, "ETH_P_CUST" },
	{ 0x6007, "ETH_P_SCA" }, { 0x6558, "ETH_P_TEB" },
	{ 0x8035, "ETH_P_RARP" }, { 0x809b, "ETH_P_ATALK" },
	{ 0x80f3, "ETH_P_AARP" }, { 0x8100, "ETH_P_8021Q" },
	{ 0x8137, "ETH_P_IPX" }, { 0x86dd, "ETH_P_IPV6" },
	{ 0x8808, "ETH_P_PAUSE" }, { 0x8809, "ETH_P_SLOW" },
	{ 0x883e, "ETH_P_WCCP" }, { 0x8847, "ETH_P_MPLS_UC" },
	{ 0x8848, "ETH_P_MPLS_MC" }, { 0x884c, "ETH_P_ATMMPOA" },
	{ 0x8863, "ETH_P_PPP_DISC" }, { 0x8864, "ETH_P_PPP_SES" },
	{ 0x886c, "ETH_P_LINK_CTL" }, { 0x8884, "ETH_P_ATMFATE" },
	{ 0x888e, "ETH_P_PAE" }, { 0x8899, "ETH_P_REALTEK" },
	{ 0x88a2, "ETH_P_AOE" }, { 0x88a8, "ETH_P_8021AD" },
	{ 0x88b5, "ETH_P_802_EX1" }, { 0x88be, "ETH_P_ERSPAN" },
	{ 0x88c7, "ETH_P_PREAUTH" }, { 0x88ca, "ETH_P_TIPC" },
	{ 0x88cc, "ETH_P_LLDP" }, { 0x88e3, "ETH_P_MRP" },
	{ 0x88e5, "ETH_P_MACSEC" }, { 0x88e7, "ETH_P_8021AH" },
	{ 0x88f5, "ETH_P_MVRP" }, { 0x88f7, "ETH_P_1588" },
	{ 0x88f8, "ETH_P_NCSI" }, { 0x88fb, "ETH_P_PRP" },
	{ 0x8902, "ETH_P_CFM" }, { 0x8906, "ETH_P_FCOE" },
	{ 0x890d, "ETH_P_TDLS" }, { 0x8914, "ETH_P_FIP" },
	{ 0x8915, "ETH_P_IBOE" }, { 0x8917, "ETH_P_80221" },
	{ 0x892f, "ETH_P_HSR" }, { 0x894f, "ETH_P_NSH" },
	{ 0x9000, "ETH_P_LOOPBACK" }, { 0x9100, "ETH_P_QINQ1" },
	{ 0x9200, "ETH_P_QINQ2" }, { 0x9300, "ETH_P_QINQ3" },
	{ 0xdada, "ETH_P_EDSA" }, { 0xdadb, "ETH_P_DSA_8021Q" },
	{ 0xe001, "ETH_P_DSA_A5PSW" }, { 0xed3e, "ETH_P_IFE" },
	{ 0xfbfb, "ETH_P_AF_IUCV" },
	{ 0, NULL }
};

static const struct named can_protocols[] = {
	{ 1, "CAN_RAW" }, { 2, "CAN_BCM" }, { 3, "CAN_TP16" },
	{ 4, "CAN_TP20" }, { 5, "CAN_MCNET" }, { 6, "CAN_ISOTP" },
	{ 7, "CAN_J1939" },
	{ 0, NULL }
};

static const struct named bt_protocols[] = {
	{ 0, "BTPROTO_L2CAP" }, { 1, "BTPROTO_HCI" }, { 2, "BTPROTO_SCO" },
	{ 3, "BTPROTO_RFCOMM" }, { 4, "BTPROTO_BNEP" }, { 5, "BTPROTO_CMTP" },
	{ 6, "BTPROTO_HIDP" }, { 7, "BTPROTO_AVDTP" },
	{ 0, NULL }
};

static const struct named isdn_protocols[] = {
	{ 0, "ISDN_P_BASE" }, { 1, "ISDN_P_TE_S0" }, { 2, "ISDN_P_NT_S0" },
	{ 3, "ISDN_P_TE_E1" }, { 4, "ISDN_P_NT_E1" }, { 16, "ISDN_P_LAPD_TE" },
	{ 17, "ISDN_P_LAPD_NT" }, { 33, "ISDN_P_B_RAW" },
	{ 34, "ISDN_P_B_HDLC" }, { 35, "ISDN_P_B_X75SLP" },
	{ 36, "ISDN_P_B_L2DTMF" }, { 37, "ISDN_P_B_L2DSP" },
	{ 38, "ISDN_P_B_L2DSPHDLC" },
	{ 0, NULL }
};

static const struct named phonet_protocols[] = {
	{ 0, "PN_PROTO_TRANSPORT" }, { 1, "PN_PROTO_PHONET" },
	{ 2, "PN_PROTO_PIPE" },
	{ 0, NULL }
};

static const struct named caif_protocols[] = {
	{ 0, "CAIFPROTO_AT" }, { 1, "CAIFPROTO_DATAGRAM" },
	{ 2, "CAIFPROTO_DATAGRAM_LOOP" }, { 3, "CAIFPROTO_UTIL" },
	{ 4, "CAIFPROTO_RFM" }, { 5, "CAIFPROTO_DEBUG" },
	{ 0, NULL }
};

static const struct named nfc_protocols[] = {
	{ 0, "NFC_SOCKPROTO_RAW" }, { 1, "NFC_SOCKPROTO_LLCP" },
	{ 0, NULL }
};

static const struct named kcm_protocols[] = {
	{ 0, "KCMPROTO_CONNECTED" },
	{ 0, NULL }
};

static const struct named smc_protocols[] = {
	{ 0, "SMCPROTO_SMC" }, { 1, "SMCPROTO_SMC6" },
	{ 0, NULL }
};

/* How the protocol of one family is written. */
struct protocol_style {
	int family;
	const struct named *names;	/* NULL: the names of the families */
	const char *unknown;		/* the comment of a value without a name */
	bool numbered;			/* a name too comes as number and comment */
	bool htons;			/* a 16-bit value in network byte order */
};

static const struct protocol_style styles[] = {
	{ AF_INET, inet_protocols, "IPPROTO_???", false, false },
	{ AF_INET6, inet_protocols, "IPPROTO_???", false, false },
	{ AF_AX25, ax25_protocols, "AX25_P_???", true, false },
	{ AF_NETLINK, netlink_protocols, "NETLINK_???", false, false },
	{ AF_PACKET, ethernet_protocols, "ETH_P_???", false, true },
	/* Sic: strace 6.1 decodes AF_IRDA's protocol with the names of CAN. */
	{ AF_IRDA, can_protocols, "IRDAPROTO_???", false, false },
	{ AF_CAN, can_protocols, "CAN_???", false, false },
	{ AF_BLUETOOTH, bt_protocols, "BTPROTO_???", false, false },
	{ AF_RXRPC, NULL, "AF_???", false, false },
	{ AF_ISDN, isdn_protocols, "ISDN_P_???", false, false },
	{ AF_PHONET, phonet_protocols, "PN_PROTO_???", false, false },
	{ AF_CAIF, caif_protocols, "CAIFPROTO_???", false, false },
	{ AF_NFC, nfc_protocols, "NFC_SOCKPROTO_???", false, false },
	{ AF_KCM, kcm_protocols, "KCMPROTO_???", false, false },
	{ AF_SMC, smc_protocols, "SMCPROTO_???", false, false },
};

static const struct named socket_types[] = {
	{ SOCK_STREAM, "SOCK_STREAM" }, { SOCK_DGRAM, "SOCK_DGRAM" },
	{ SOCK_RAW, "SOCK_RAW" }, { SOCK_RDM, "SOCK_RDM" },
	{ SOCK_SEQPACKET, "SOCK_SEQPACKET" }, { SOCK_DCCP, "SOCK_DCCP" },
	{ SOCK_PACKET, "SOCK_PACKET" },
	{ 0, NULL }
};

/* The bits of a type that name its base type; the rest are flags. */
#define SOCK_TYPE_MASK 0xf

/* Text being built in a caller's buffer; too long a text is cut. */
struct text {
	char *buf;
	size_t size, len;
};

static void __attribute__((format(printf, 2, 3))) add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= t->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
}

/* Returns the name of @value in @names, or NULL. */
static const char *lookup(const struct named *names, unsigned int value)
{
	for (; names->name; names++)
		if (names->value == value)
			return names->name;
	return NULL;
}

/* Returns the name of family @value (AF_UNSPEC included), or NULL. */
static const char *family_text(unsigned int value)
{
	if (value == AF_UNSPEC)
		return "AF_UNSPEC";
	return value < FAMILY_LIMIT ? family_name((int)value) : NULL;
}

/* Adds @name, or @value in hex with the comment @unknown if it is NULL. */
static void add_value(struct text *t, unsigned int value, const char *name,
		      const char *unknown)
{
	if (name)
		add(t, "%s", name);
	else
		add(t, "%#x /* %s */", value, unknown);
}

char *sockargs_family(char *buf, size_t size, int family)
{
	struct text t = { buf, size, 0 };

	add_value(&t, (unsigned int)family, family_text((unsigned int)family), "AF_???");
	return buf;
}

/* Adds the flag bits @flags of a type, as strace's printflags(). */
static void add_type_flags(struct text *t, unsigned int flags)
{
	static const struct named names[] = {
		{ SOCK_CLOEXEC, "SOCK_CLOEXEC" }, { SOCK_NONBLOCK, "SOCK_NONBLOCK" },
	};
	bool named = false;

	if (!flags) {
		add(t, "0");
		return;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].value))
			continue;
		add(t, "%s%s", named ? "|" : "", names[i].name);
		named = true;
		flags &= ~names[i].value;
	}
	if (flags && named)
		add(t, "|%#x", flags);
	else if (flags)
		add(t, "%#x /* SOCK_??? */", flags);
}

char *sockargs_type(char *buf, size_t size, int type)
{
	struct text t = { buf, size, 0 };
	unsigned int flags = (unsigned int)type;
	const char *base = lookup(socket_types, flags & SOCK_TYPE_MASK);

	if (base) {
		add(&t, "%s", base);
		flags &= ~SOCK_TYPE_MASK;
		if (!flags)
			return buf;
		add(&t, "|");
	}
	add_type_flags(&t, flags);
	return buf;
}

char *sockargs_protocol(char *buf, size_t size, int family, int protocol)
{
	struct text t = { buf, size, 0 };
	unsigned int value = (unsigned int)protocol;
	const struct protocol_style *s = NULL;
	const char *name;

	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		if (styles[i].family == family)
			s = &styles[i];
	if (!s) {
		add(&t, "%u", value);
		return buf;
	}
	if (s->htons)
		value = ((value & 0xff) << 8) | ((value >> 8) & 0xff);
	name = s->names ? lookup(s->names, value) : family_text(value);
	if (s->htons)
		add(&t, "htons(");
	if (s->numbered && name)
		add(&t, "%#x /* %s */", value, name);
	else
		add_value(&t, value, name, s->unknown);
	if (s->htons)
		add(&t, ")");
	return buf;
}
