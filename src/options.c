/*
 * Command-line parsing, including View-OS mstack's LIST grammar:
 * comma-separated family names, a '+' or '-' prefix that sticks to the
 * following unprefixed items, and an implicit "clear" when the first item
 * ever given does not remove.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

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
		"  -h, --help         display this help and exit\n"
		"  -V, --version      output version information and exit\n\n"
		"STACK is a network namespace file (/run/netns/NAME, /proc/PID/ns/net),\n"
		"a NAME under /run/netns, null (/dev/net/null) or native (/dev/net/native).\n"
		"Exit status is COMMAND's; 1 if STACK is unusable, 2 on a usage error,\n"
		"126 if COMMAND cannot be executed, 127 if it is not found.\n");
}

static void __attribute__((noreturn)) usage_error(const char *fmt, const char *arg)
{
	fputs("mstack: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'mstack --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

static void apply_list(struct options *o, const char *list)
{
	const char *bad;
	int len;

	if (family_list_apply(o, list, &bad, &len) < 0) {
		fprintf(stderr, "mstack: unknown protocol family '%.*s' in '%s'\n",
			len, bad, list);
		fputs("Try 'mstack --help' for more information.\n", stderr);
		exit(EXIT_USAGE);
	}
}

/* -f 2,10: the 2008 numeric form, the same as -o '#2,#10'. */
static void apply_numbers(struct options *o, const char *numbers)
{
	char list[256] = "";
	const char *p = numbers;

	for (;;) {
		size_t len = strcspn(p, ",");
		size_t used = strlen(list);

		if (used + len + 3 >= sizeof(list))
			usage_error("family list too long: '%s'", numbers);
		snprintf(list + used, sizeof(list) - used, "%s#%.*s",
			 used ? "," : "", (int)len, p);
		if (!p[len])
			break;
		p += len + 1;
	}
	apply_list(o, list);
}

enum { OPT_PTRACE_ONLY = 256, OPT_LOG };

#ifdef HAVE_LIBUNWIND
#define BACKTRACE_DEFAULT_DEPTH 32

/* -k / --backtrace[=DEPTH] */
static int backtrace_depth(const char *arg)
{
	char *end;
	long n;

	if (!arg)
		return BACKTRACE_DEFAULT_DEPTH;
	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || *end || end == arg || n < 1 || n > 256)
		usage_error("invalid backtrace depth '%s' (1 to 256)", arg);
	return (int)n;
}
#endif

void options_parse(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "proto", required_argument, NULL, 'o' },
		{ "ptrace-only", no_argument, NULL, OPT_PTRACE_ONLY },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "backtrace", optional_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	char flag[2] = "";
	int c;

	*o = (struct options){ .families = FAMILY_ALL, .families_pristine = true };
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hvVo:kf:u46npbi", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("mstack %s\n", PACKAGE_VERSION);
			exit(0);
		case 'v':
			o->verbose++;
			break;
		case 'o':
			apply_list(o, optarg);
			break;
		case 'f':
			apply_numbers(o, optarg);
			break;
		case 'u': case '4': case '6': case 'n': case 'p': case 'b': case 'i':
			flag[0] = (char)c;
			apply_list(o, flag);
			break;
		case 'k':
#ifdef HAVE_LIBUNWIND
			o->backtrace_depth = backtrace_depth(optarg);
			break;
#else
			usage_error("%s: this mstack was built without libunwind", "-k");
#endif
		case OPT_LOG:
			o->log_path = optarg;
			break;
		case OPT_PTRACE_ONLY:
			o->ptrace_only = true;
			break;
		case ':':
			usage_error("option requires an argument -- '%s'", argv[optind - 1]);
		default:
			if (optopt)
				usage_error("invalid option -- '%s'", (char[]){ (char)optopt, 0 });
			usage_error("unrecognized option '%s'", argv[optind - 1]);
		}
	}
	if (o->backtrace_depth && !o->verbose)
		o->verbose = 1;	/* backtraces go under the logged calls */
	if (optind >= argc)
		usage_error("%s", "missing STACK");
	o->stack = argv[optind++];
	if (optind >= argc)
		usage_error("%s", "missing COMMAND");
	o->command = argv + optind;
}
