/*
 * Command-line parsing, including View-OS mstack's LIST grammar:
 * comma-separated family names, a '+' or '-' prefix that sticks to the
 * following unprefixed items, and an implicit "clear" when the first item
 * ever given does not remove.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "net/stack_name.h"

struct family_alias {
	const char *name;
	const char *abbrev;
	family_set set;
};

#define B(f) ((family_set)1 << (f))
static const struct family_alias aliases[] = {
	{ "all", NULL, FAMILY_ALL },
	{ "unix", "u", B(AF_UNIX) },
	{ "ipv4", "4", B(AF_INET) },
	{ "ipv6", "6", B(AF_INET6) },
	{ "netlink", "n", B(AF_NETLINK) },
	{ "packet", "p", B(AF_PACKET) },
	{ "bluetooth", "b", B(AF_BLUETOOTH) },
	{ "irda", "i", B(AF_IRDA) },
	{ "ip", NULL, B(AF_INET) | B(AF_INET6) | B(AF_NETLINK) | B(AF_PACKET) },
};
#undef B

/* Returns the set an item names, or 0 if it names nothing. */
static family_set item_set(const char *item, size_t len)
{
	char *end;
	long n;

	if (len > 1 && item[0] == '#') {
		/* Decimal digits only: strtol() would also take "# 2" or "#+2". */
		for (size_t i = 1; i < len; i++)
			if (!isdigit((unsigned char)item[i]))
				return 0;
		errno = 0;
		n = strtol(item + 1, &end, 10);
		if (errno || end != item + len || n < 1 || n >= AF_MAX)
			return 0;
		return family_bit((int)n);
	}
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		const struct family_alias *a = &aliases[i];

		if ((strlen(a->name) == len && !strncmp(a->name, item, len)) ||
		    (a->abbrev && strlen(a->abbrev) == len &&
		     !strncmp(a->abbrev, item, len)))
			return a->set;
	}
	return 0;
}

int family_list_apply(struct options *o, const char *list,
		      const char **bad_item, int *bad_len)
{
	const char *item = list;
	char sign = '+';

	for (;;) {
		size_t len = strcspn(item, ",");
		const char *name = item;
		size_t name_len = len;
		family_set set;

		if (len && (item[0] == '+' || item[0] == '-')) {
			sign = item[0];
			name++;
			name_len--;
		}
		set = item_set(name, name_len);
		if (!set) {
			*bad_item = item;
			*bad_len = (int)len;
			return -1;
		}
		if (o->families_pristine && sign == '+')
			o->families = 0;
		o->families_pristine = false;
		if (sign == '+')
			o->families |= set;
		else
			o->families &= ~set;
		if (!item[len])
			return 0;
		item += len + 1;
	}
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: mstack [OPTION]... STACK COMMAND [ARG]...\n"
		"  or:  mstack [OPTION]... --mount SPEC PATH\n"
		"Run COMMAND with the sockets of chosen address families on another\n"
		"networking stack.\n\n"
		"  -o, --proto=LIST   families to move (default: all), e.g. ipv4,ipv6 or -unix\n"
		"  -u -4 -6 -n -p -b -i  select unix, ipv4, ipv6, netlink, packet,\n"
		"                     bluetooth, irda (View-OS 2008 syntax)\n"
		"  -f N[,N]...        select families by number\n"
		"      --ptrace-only  install descriptors through ptrace alone\n"
		"  -v, --verbose      report the stack choices and every intercepted call;\n"
		"                     twice: also process events and the addresses of\n"
		"                     moved sockets\n"
		"      --log=FILE     append the -v report to FILE instead of stderr\n"
		"  -k, --backtrace[=DEPTH]  show the program's stack under each call\n"
		"      --stack-cmd=CMD  run CMD (a full path and its arguments) in a new\n"
		"                     VDE stack before COMMAND, e.g. to give vde0 its\n"
		"                     addresses; repeatable\n"
		"      --mount        keep the stack SPEC (new or a VDE network) alive and\n"
		"                     serve it at PATH, a socket file, until SIGTERM;\n"
		"                     PATH is then a STACK (a mounted stack)\n"
		"  -h, --help         display this help and exit\n"
		"  -V, --version      output version information and exit\n\n"
		"STACK is a network namespace file (/run/netns/NAME, /proc/PID/ns/net),\n"
		"a NAME under /run/netns, null (/dev/net/null), native (/dev/net/native),\n"
		"new (a fresh private stack with lo up, for the session), a VDE network\n"
		"(vde:///tmp/switch, slirp://, any vde_plug(1) locator) for a new stack\n"
		"whose interface vde0 is plugged into it, or a mounted stack's PATH.\n"
		"Exit status is COMMAND's; 1 if STACK is unusable, 2 on a usage error,\n"
		"126 if COMMAND cannot be executed, 127 if it is not found.\n");
}

/* Where options_read() says what is wrong. */
struct problem {
	char *msg;
	size_t len;
};

/* Records a usage error in @p; returns -1. */
static int __attribute__((format(printf, 2, 3))) bad(struct problem *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->msg, p->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Returns 0, or -1 with the error in @p. */
static int apply_list(struct options *o, const char *list, struct problem *p)
{
	const char *item;
	int len;

	if (family_list_apply(o, list, &item, &len) < 0)
		return bad(p, "unknown protocol family '%.*s' in '%s'", len, item, list);
	return 0;
}

/*
 * -f 2,10: the 2008 numeric form, the same as -o '#2,#10', without signs.
 * Returns 0, or -1 with the error in @p.
 */
static int apply_numbers(struct options *o, const char *numbers, struct problem *p)
{
	char list[256] = "";
	const char *n = numbers;

	for (;;) {
		size_t len = strcspn(n, ","), used = strlen(list);

		if (strspn(n, "0123456789") < len || !len)
			return bad(p, "invalid family number '%.*s' in '%s'", (int)len, n, numbers);
		if (used + len + 3 >= sizeof(list))
			return bad(p, "family list too long: '%s'", numbers);
		snprintf(list + used, sizeof(list) - used, "%s#%.*s",
			 used ? "," : "", (int)len, n);
		if (!n[len])
			break;
		n += len + 1;
	}
	return apply_list(o, list, p);
}

enum { OPT_PTRACE_ONLY = 256, OPT_LOG, OPT_STACK_CMD, OPT_MOUNT };

#ifdef HAVE_LIBUNWIND
#define BACKTRACE_DEFAULT_DEPTH 32

/* -k / --backtrace[=DEPTH]: returns 0, or -1 with the error in @p. */
static int backtrace_depth(struct options *o, const char *arg, struct problem *p)
{
	char *end;
	long n;

	if (!arg) {
		o->backtrace_depth = BACKTRACE_DEFAULT_DEPTH;
		return 0;
	}
	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || *end || !isdigit((unsigned char)*arg) || n < 1 || n > 256)
		return bad(p, "invalid backtrace depth '%s' (1 to 256)", arg);
	o->backtrace_depth = (int)n;
	return 0;
}
#endif

/* --mount SPEC PATH: @n operands @rest after SPEC. Returns 0, or -1 with the error in @p. */
static int mount_operands(struct options *o, int n, char **rest, struct problem *p)
{
	if (strcmp(o->stack, STACK_NEW) && !stack_name_vde(o->stack))
		return bad(p, "--mount needs new or a VDE network as SPEC, not '%s'", o->stack);
	if (n < 1)
		return bad(p, "missing PATH");
	if (n > 1)
		return bad(p, "extra operand '%s'", rest[1]);
	if (!*rest[0])
		return bad(p, "PATH is empty");
	o->mount_path = rest[0];
	return 0;
}

int options_read(struct options *o, int argc, char **argv, char *msg, size_t len)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "proto", required_argument, NULL, 'o' },
		{ "ptrace-only", no_argument, NULL, OPT_PTRACE_ONLY },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "backtrace", optional_argument, NULL, 'k' },
		{ "stack-cmd", required_argument, NULL, OPT_STACK_CMD },
		{ "mount", no_argument, NULL, OPT_MOUNT },
		{ NULL, 0, NULL, 0 },
	};
	struct problem p = { msg, len };
	char flag[2] = "";
	int c, ret = 0, cmds = 0;

	*o = (struct options){ .families = FAMILY_ALL, .families_pristine = true };
	opterr = 0;
	optind = 0;	/* a full restart of getopt for each call */
	while (!ret && (c = getopt_long(argc, argv, "+:hvVo:kf:u46npbi", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return OPTIONS_HELP;
		case 'V':
			return OPTIONS_VERSION;
		case 'v':
			o->verbose++;
			break;
		case 'o':
			ret = apply_list(o, optarg, &p);
			break;
		case 'f':
			ret = apply_numbers(o, optarg, &p);
			break;
		case 'u': case '4': case '6': case 'n': case 'p': case 'b': case 'i':
			flag[0] = (char)c;
			ret = apply_list(o, flag, &p);
			break;
		case 'k':
#ifdef HAVE_LIBUNWIND
			ret = backtrace_depth(o, optarg, &p);
#else
			ret = bad(&p, "-k: this mstack was built without libunwind");
#endif
			break;
		case OPT_LOG:
			o->log_path = optarg;
			break;
		case OPT_PTRACE_ONLY:
			o->ptrace_only = true;
			break;
		case OPT_MOUNT:
			o->mount = true;
			break;
		case OPT_STACK_CMD:
			if (cmds == OPTIONS_STACK_CMDS)
				return bad(&p, "too many --stack-cmd (at most %d)", OPTIONS_STACK_CMDS);
			o->stack_cmds[cmds++] = optarg;
			break;
		case ':':	/* getopt's own words, as coreutils print them */
			if (!strncmp(argv[optind - 1], "--", 2))
				return bad(&p, "option '%s' requires an argument", argv[optind - 1]);
			return bad(&p, "option requires an argument -- '%c'", optopt);
		default:
			if (optopt)
				return bad(&p, "invalid option -- '%c'", optopt);
			return bad(&p, "unrecognized option '%s'", argv[optind - 1]);
		}
	}
	if (ret)
		return ret;
	if (o->backtrace_depth && !o->verbose)
		o->verbose = 1;	/* backtraces go under the logged calls */
	if (optind >= argc)
		return bad(&p, o->mount ? "missing SPEC" : "missing STACK");
	o->stack = argv[optind++];
	if (cmds && !stack_name_vde(o->stack))
		return bad(&p, "--stack-cmd needs a VDE network as STACK, not '%s'", o->stack);
	if (o->mount)
		return mount_operands(o, argc - optind, argv + optind, &p);
	if (optind >= argc)
		return bad(&p, "missing COMMAND");
	o->command = argv + optind;
	return 0;
}

void options_parse(struct options *o, int argc, char **argv)
{
	char msg[512];

	switch (options_read(o, argc, argv, msg, sizeof(msg))) {
	case 0:
		return;
	case OPTIONS_HELP:
		usage(stdout);
		exit(0);
	case OPTIONS_VERSION:
		printf("mstack %s\n", PACKAGE_VERSION);
#ifdef HAVE_VDESTACK
		printf("VDE and slirp stacks: built in (libvdestack)\n");
#else
		printf("VDE and slirp stacks: not built in\n");
#endif
		exit(0);
	default:
		fprintf(stderr, "mstack: %s\nTry 'mstack --help' for more information.\n", msg);
		exit(EXIT_USAGE);
	}
}
