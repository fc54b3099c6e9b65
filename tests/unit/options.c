/*
 * Unit test of the command line (mstack(1), OPTIONS and THE LIST
 * GRAMMAR): every name, sign rule, number form and example of the grammar
 * with the family set it selects or the error it makes, and the usage
 * errors, through options_read(); then each row again through
 * options_parse() in a child, for the exit status and the exact output.
 * The expected sets are written out from the man page.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/options.h"
#include "unit.h"

#define B(f) ((family_set)1 << (f))
#define ALL (((family_set)1 << AF_MAX) - 2)	/* "1 to AF_MAX-1" */
#define IP (B(AF_INET) | B(AF_INET6) | B(AF_NETLINK) | B(AF_PACKET))
#define RETURNED 100	/* the child's status when options_parse() returned */

struct row {
	const char *args[10];	/* after "mstack"; NULL-terminated */
	int ret;		/* of options_read() */
	family_set families;	/* if 0 is returned */
	const char *msg;	/* if -1 is returned */
};

/* -o LIST with a STACK and a COMMAND. */
#define LIST(l) { "-o", l, "blue", "cmd" }
#define PICKS(l, set) { LIST(l), 0, set, NULL }
#define UNKNOWN(l, item) { LIST(l), -1, 0, "unknown protocol family '" item "' in '" l "'" }

static const struct row grammar[] = {
	/* The names, case-sensitive. */
	PICKS("all", ALL),
	PICKS("unix", B(AF_UNIX)), PICKS("u", B(AF_UNIX)),
	PICKS("ipv4", B(AF_INET)), PICKS("4", B(AF_INET)),
	PICKS("ipv6", B(AF_INET6)), PICKS("6", B(AF_INET6)),
	PICKS("netlink", B(AF_NETLINK)), PICKS("n", B(AF_NETLINK)),
	PICKS("packet", B(AF_PACKET)), PICKS("p", B(AF_PACKET)),
	PICKS("bluetooth", B(AF_BLUETOOTH)), PICKS("b", B(AF_BLUETOOTH)),
	PICKS("irda", B(AF_IRDA)), PICKS("i", B(AF_IRDA)),
	PICKS("ip", IP),
	UNKNOWN("IPv4", "IPv4"), UNKNOWN("ALL", "ALL"), UNKNOWN("Unix", "Unix"),
	UNKNOWN("ipv", "ipv"), UNKNOWN("ipv44", "ipv44"), UNKNOWN("wat", "wat"),
	UNKNOWN("ip v4", "ip v4"), UNKNOWN(" ipv4", " ipv4"),
	/* #N: decimal digits only, 1 <= N < AF_MAX (AF_MAX rows: see numbers_at_af_max()). */
	PICKS("#1", B(1)), PICKS("#2", B(AF_INET)), PICKS("#16", B(AF_NETLINK)),
	PICKS("#02", B(AF_INET)), PICKS("#10,#2", B(AF_INET) | B(AF_INET6)),
	UNKNOWN("#0", "#0"), UNKNOWN("#4096", "#4096"), UNKNOWN("#", "#"),
	UNKNOWN("# 2", "# 2"), UNKNOWN("#+2", "#+2"), UNKNOWN("#-2", "#-2"),
	UNKNOWN("#2x", "#2x"), UNKNOWN("#0x2", "#0x2"), UNKNOWN("2", "2"),
	UNKNOWN("#99999999999999999999", "#99999999999999999999"),
	UNKNOWN("-#0", "-#0"),
	/* Empty items: leading, trailing, doubled commas, a lone sign. */
	UNKNOWN("", ""), UNKNOWN(",ipv4", ""), UNKNOWN("ipv4,", ""),
	UNKNOWN("ipv4,,ipv6", ""), UNKNOWN("+", "+"), UNKNOWN("-", "-"),
	UNKNOWN("ipv4,-", "-"), UNKNOWN("+-ipv4", "+-ipv4"),
	UNKNOWN("ipv4,wat", "wat"), UNKNOWN("-wat", "-wat"), UNKNOWN("-unix,+wat", "+wat"),
	/* Signs stick to the following unprefixed items; the set starts as all. */
	PICKS("+ipv4", B(AF_INET)),
	PICKS("-unix", ALL & ~B(AF_UNIX)),
	PICKS("-unix,ipv6", ALL & ~B(AF_UNIX) & ~B(AF_INET6)),
	PICKS("-ipv6,+unix,netlink", ALL & ~B(AF_INET6)),
	PICKS("ip,-ipv6", B(AF_INET) | B(AF_NETLINK) | B(AF_PACKET)),
	PICKS("+ip,-ipv6", B(AF_INET) | B(AF_NETLINK) | B(AF_PACKET)),
	PICKS("ipv4,ipv6", B(AF_INET) | B(AF_INET6)),
	PICKS("ipv4,-ipv4", 0),
	PICKS("-all", 0),
	PICKS("-all,ipv4", 0),
	PICKS("-all,+ipv4", B(AF_INET)),
	PICKS("all,-ip,ipv4", ALL & ~IP),
	PICKS("ipv4,+ipv6,packet", B(AF_INET) | B(AF_INET6) | B(AF_PACKET)),
	/* Several selecting options: the clearing happens once. */
	{ { "-o", "ipv4", "-o", "ipv6", "blue", "cmd" }, 0, B(AF_INET) | B(AF_INET6), NULL },
	{ { "-o", "-unix", "-o", "ipv4", "blue", "cmd" }, 0, ALL & ~B(AF_UNIX), NULL },
	{ { "-o", "-all", "-o", "ipv4", "blue", "cmd" }, 0, B(AF_INET), NULL },
	{ { "-o", "ipv4", "-o", "-ipv4", "blue", "cmd" }, 0, 0, NULL },
	{ { "-o", "all", "-o", "-unix", "blue", "cmd" }, 0, ALL & ~B(AF_UNIX), NULL },
	{ { "-o", "ipv4", "-o", "+wat", "blue", "cmd" }, -1, 0,
	  "unknown protocol family '+wat' in '+wat'" },
	{ { "--proto=ipv6", "blue", "cmd" }, 0, B(AF_INET6), NULL },
	{ { "--proto", "ipv6", "blue", "cmd" }, 0, B(AF_INET6), NULL },
	{ { "--pro=ipv6", "blue", "cmd" }, 0, B(AF_INET6), NULL },
	/* The View-OS 2008 flags: each is -o with its family. */
	{ { "-u", "blue", "cmd" }, 0, B(AF_UNIX), NULL },
	{ { "-4", "blue", "cmd" }, 0, B(AF_INET), NULL },
	{ { "-6", "blue", "cmd" }, 0, B(AF_INET6), NULL },
	{ { "-n", "blue", "cmd" }, 0, B(AF_NETLINK), NULL },
	{ { "-p", "blue", "cmd" }, 0, B(AF_PACKET), NULL },
	{ { "-b", "blue", "cmd" }, 0, B(AF_BLUETOOTH), NULL },
	{ { "-i", "blue", "cmd" }, 0, B(AF_IRDA), NULL },
	{ { "-4", "-6", "blue", "cmd" }, 0, B(AF_INET) | B(AF_INET6), NULL },
	{ { "-46", "blue", "cmd" }, 0, B(AF_INET) | B(AF_INET6), NULL },
	{ { "-o", "-unix", "-u", "blue", "cmd" }, 0, ALL, NULL },
	{ { "-u", "-o", "-unix", "blue", "cmd" }, 0, 0, NULL },
	/* -f N[,N]...: the same as -o '#N,...', digits only. */
	{ { "-f", "2,10", "blue", "cmd" }, 0, B(AF_INET) | B(AF_INET6), NULL },
	{ { "-f", "16", "blue", "cmd" }, 0, B(AF_NETLINK), NULL },
	{ { "-o", "-unix", "-f", "2", "blue", "cmd" }, 0, ALL & ~B(AF_UNIX), NULL },
	{ { "-f", "+2", "blue", "cmd" }, -1, 0, "invalid family number '+2' in '+2'" },
	{ { "-f", "-1", "blue", "cmd" }, -1, 0, "invalid family number '-1' in '-1'" },
	{ { "-f", "2,zz", "blue", "cmd" }, -1, 0, "invalid family number 'zz' in '2,zz'" },
	{ { "-f", "2,", "blue", "cmd" }, -1, 0, "invalid family number '' in '2,'" },
	{ { "-f", "", "blue", "cmd" }, -1, 0, "invalid family number '' in ''" },
	{ { "-f", " 2", "blue", "cmd" }, -1, 0, "invalid family number ' 2' in ' 2'" },
	{ { "-f", "4096", "blue", "cmd" }, -1, 0, "unknown protocol family '#4096' in '#4096'" },
	{ { "-f", "2,10,0", "blue", "cmd" }, -1, 0,
	  "unknown protocol family '#0' in '#2,#10,#0'" },
};

static const struct row usage_rows[] = {
	{ { NULL }, -1, 0, "missing STACK" },
	{ { "-v" }, -1, 0, "missing STACK" },
	{ { "--" }, -1, 0, "missing STACK" },
	{ { "blue" }, -1, 0, "missing COMMAND" },
	{ { "-o", "ipv4", "blue" }, -1, 0, "missing COMMAND" },
	{ { "-Z", "blue", "cmd" }, -1, 0, "invalid option -- 'Z'" },
	{ { "-vZ", "blue", "cmd" }, -1, 0, "invalid option -- 'Z'" },
	{ { "--bogus", "blue", "cmd" }, -1, 0, "unrecognized option '--bogus'" },
	{ { "--ver", "blue", "cmd" }, -1, 0, "unrecognized option '--ver'" },	/* ambiguous */
	{ { "-o" }, -1, 0, "option requires an argument -- 'o'" },
	{ { "-f" }, -1, 0, "option requires an argument -- 'f'" },
	{ { "--proto" }, -1, 0, "option '--proto' requires an argument" },
	{ { "--log" }, -1, 0, "option '--log' requires an argument" },
	{ { "-Z", "-h" }, -1, 0, "invalid option -- 'Z'" },
	{ { "-h", "-Z" }, OPTIONS_HELP, 0, NULL },
	{ { "-h" }, OPTIONS_HELP, 0, NULL },
	{ { "--help", "blue", "cmd" }, OPTIONS_HELP, 0, NULL },
	{ { "--he" }, OPTIONS_HELP, 0, NULL },
	{ { "--stack-cmd=/bin/true", "blue", "cmd" }, -1, 0,
	  "--stack-cmd needs a VDE network as STACK, not 'blue'" },
	{ { "--stack-cmd" }, -1, 0, "option '--stack-cmd' requires an argument" },
	{ { "--mount" }, -1, 0, "missing SPEC" },
	{ { "--mount", "new" }, -1, 0, "missing PATH" },
	{ { "--mount", "new", "" }, -1, 0, "PATH is empty" },
	{ { "--mount", "new", "/p", "x" }, -1, 0, "extra operand 'x'" },
	{ { "--mount", "blue", "/p" }, -1, 0,
	  "--mount needs new or a VDE network as SPEC, not 'blue'" },
	{ { "--mo", "null", "/p" }, -1, 0, "--mount needs new or a VDE network as SPEC, not 'null'" },
	{ { "--mount", "/run/netns/blue", "/p" }, -1, 0,
	  "--mount needs new or a VDE network as SPEC, not '/run/netns/blue'" },
	{ { "-V" }, OPTIONS_VERSION, 0, NULL },
	{ { "--version" }, OPTIONS_VERSION, 0, NULL },
	{ { "--vers" }, OPTIONS_VERSION, 0, NULL },
#ifdef HAVE_LIBUNWIND
	{ { "--backtrace=0", "blue", "cmd" }, -1, 0, "invalid backtrace depth '0' (1 to 256)" },
	{ { "--backtrace=257", "blue", "cmd" }, -1, 0,
	  "invalid backtrace depth '257' (1 to 256)" },
	{ { "--backtrace=-1", "blue", "cmd" }, -1, 0, "invalid backtrace depth '-1' (1 to 256)" },
	{ { "--backtrace=+5", "blue", "cmd" }, -1, 0, "invalid backtrace depth '+5' (1 to 256)" },
	{ { "--backtrace= 5", "blue", "cmd" }, -1, 0, "invalid backtrace depth ' 5' (1 to 256)" },
	{ { "--backtrace=5x", "blue", "cmd" }, -1, 0, "invalid backtrace depth '5x' (1 to 256)" },
	{ { "--backtrace=abc", "blue", "cmd" }, -1, 0,
	  "invalid backtrace depth 'abc' (1 to 256)" },
	{ { "--backtrace=", "blue", "cmd" }, -1, 0, "invalid backtrace depth '' (1 to 256)" },
	{ { "--backtrace=99999999999999999999", "blue", "cmd" }, -1, 0,
	  "invalid backtrace depth '99999999999999999999' (1 to 256)" },
	{ { "-k5", "blue", "cmd" }, -1, 0, "invalid option -- '5'" },	/* no DEPTH */
#else
	{ { "-k", "blue", "cmd" }, -1, 0, "-k: this mstack was built without libunwind" },
	{ { "--backtrace=5", "blue", "cmd" }, -1, 0,
	  "-k: this mstack was built without libunwind" },
#endif
};

/* What else a successful parse must give. */
struct parsed {
	const char *args[10];
	int verbose, backtrace_depth;
	bool ptrace_only;
	const char *log_path, *stack, *command[3];
};

static const struct parsed parsed_rows[] = {
	{ { "blue", "cmd" }, 0, 0, false, NULL, "blue", { "cmd" } },
	{ { "blue", "cmd", "-v", "x" }, 0, 0, false, NULL, "blue", { "cmd", "-v", "x" } },
	{ { "-v", "blue", "cmd", "-v" }, 1, 0, false, NULL, "blue", { "cmd", "-v" } },
	{ { "blue", "cmd", "-h" }, 0, 0, false, NULL, "blue", { "cmd", "-h" } },
	{ { "-vv", "null", "cmd" }, 2, 0, false, NULL, "null", { "cmd" } },
	{ { "--verbose", "--verbose", "native", "cmd" }, 2, 0, false, NULL, "native", { "cmd" } },
	{ { "--", "-v", "cmd" }, 0, 0, false, NULL, "-v", { "cmd" } },
	{ { "-v", "--", "--", "cmd" }, 1, 0, false, NULL, "--", { "cmd" } },
	{ { "--ptrace-only", "blue", "cmd" }, 0, 0, true, NULL, "blue", { "cmd" } },
	{ { "--pt", "blue", "cmd" }, 0, 0, true, NULL, "blue", { "cmd" } },
	{ { "--log=/l", "blue", "cmd" }, 0, 0, false, "/l", "blue", { "cmd" } },
	{ { "--log", "/l", "blue", "cmd" }, 0, 0, false, "/l", "blue", { "cmd" } },
#ifdef HAVE_LIBUNWIND
	{ { "-k", "blue", "cmd" }, 1, 32, false, NULL, "blue", { "cmd" } },
	{ { "-vvk", "blue", "cmd" }, 2, 32, false, NULL, "blue", { "cmd" } },
	{ { "--backtrace=1", "blue", "cmd" }, 1, 1, false, NULL, "blue", { "cmd" } },
	{ { "--backtrace=256", "blue", "cmd" }, 1, 256, false, NULL, "blue", { "cmd" } },
	{ { "--back=007", "blue", "cmd" }, 1, 7, false, NULL, "blue", { "cmd" } },
	/* The long form's DEPTH must be attached: "5" is STACK here. */
	{ { "--backtrace", "5", "blue" }, 1, 32, false, NULL, "5", { "blue" } },
#endif
};

/* Copies @args after "mstack" into @argv; returns argc. */
static int make_argv(const char *const args[10], char *argv[12])
{
	int argc = 0;

	argv[argc++] = "mstack";
	while (argc < 11 && args[argc - 1]) {
		argv[argc] = (char *)args[argc - 1];
		argc++;
	}
	argv[argc] = NULL;
	return argc;
}

/* Writes the arguments of @args into @buf, for messages; returns @buf. */
static const char *shown(const char *const args[10], char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < 10 && args[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s'%s'", i ? " " : "", args[i]);
	return buf;
}

/* Reads all of @fd into @buf (NUL-terminated). */
static void slurp(int fd, char *buf, size_t len)
{
	size_t used = 0;
	ssize_t n;

	while (used < len - 1 && (n = read(fd, buf + used, len - 1 - used)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
}

/*
 * Runs options_parse() on @args in a child; returns its wait status, with
 * what it wrote to standard output and error in @out and @err.
 */
static int run_parse(const char *const args[10], char *out, char *err, size_t len)
{
	int po[2], pe[2], status = -1;
	char *argv[12];
	struct options o;
	pid_t pid;

	if (pipe(po) < 0 || pipe(pe) < 0) {
		perror("pipe");
		exit(99);
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		options_parse(&o, make_argv(args, argv), argv);
		_exit(RETURNED);
	}
	close(po[1]);
	close(pe[1]);
	slurp(po[0], out, len);	/* short outputs: the pipes do not fill */
	slurp(pe[0], err, len);
	close(po[0]);
	close(pe[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return status;
}

/* Checks options_parse() on @r: the exit status and the output of mstack(1). */
static void check_exit(const struct row *r, const char *who)
{
	char out[4096], err[4096], want[1024];
	int status = run_parse(r->args, out, err, sizeof(out)), code;

	code = r->ret == -1 ? EXIT_USAGE : r->ret == 0 ? RETURNED : 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
		fail("%s: exit status %d (want %d)", who,
		     WIFEXITED(status) ? WEXITSTATUS(status) : -1, code);
		return;
	}
	if (r->ret == -1) {
		snprintf(want, sizeof(want),
			 "mstack: %s\nTry 'mstack --help' for more information.\n", r->msg);
		if (strcmp(err, want) || *out)
			fail("%s: wrote '%s' to stderr, '%s' to stdout (want '%s')",
			     who, err, out, want);
		return;
	}
	if (r->ret == OPTIONS_VERSION)
		snprintf(want, sizeof(want), "mstack %s\n", PACKAGE_VERSION);
	else if (r->ret == OPTIONS_HELP)
		snprintf(want, sizeof(want), "Usage: mstack [OPTION]... STACK COMMAND [ARG]...\n");
	else
		want[0] = '\0';
	if (strncmp(out, want, strlen(want)) || (!want[0] && *out) || *err)
		fail("%s: wrote '%.80s' to stdout, '%s' to stderr", who, out, err);
}

/* Checks options_read() on @r, then options_parse(); fills @o. */
static void check_row(const struct row *r, struct options *o)
{
	char *argv[12], msg[512] = "", who[512];
	int ret;

	shown(r->args, who, sizeof(who));
	ret = options_read(o, make_argv(r->args, argv), argv, msg, sizeof(msg));
	if (ret != r->ret)
		fail("%s: returns %d (want %d) '%s'", who, ret, r->ret, msg);
	else if (ret == 0 && o->families != r->families)
		fail("%s: families %#llx (want %#llx)", who, (unsigned long long)o->families,
		     (unsigned long long)r->families);
	else if (ret == -1 && strcmp(msg, r->msg))
		fail("%s: says '%s' (want '%s')", who, msg, r->msg);
	check_exit(r, who);
}

/* The bounds of #N that depend on AF_MAX (46 on current systems). */
static void numbers_at_af_max(void)
{
	char top[16], over[16], msg[64];
	struct options o;

	snprintf(top, sizeof(top), "#%d", AF_MAX - 1);
	snprintf(over, sizeof(over), "#%d", AF_MAX);
	snprintf(msg, sizeof(msg), "unknown protocol family '%s' in '%s'", over, over);
	check_row(&(struct row){ LIST(top), 0, B(AF_MAX - 1), NULL }, &o);
	check_row(&(struct row){ LIST(over), -1, 0, msg }, &o);
}

/* An -f list too long for the #N list it becomes. */
static void long_numbers(void)
{
	char numbers[256], msg[300];
	struct options o;

	for (int i = 0; i < 100; i++)
		memcpy(numbers + 2 * i, "1,", 2);
	numbers[199] = '\0';
	snprintf(msg, sizeof(msg), "family list too long: '%s'", numbers);
	check_row(&(struct row){ { "-f", numbers, "blue", "cmd" }, -1, 0, msg }, &o);
}

/* --stack-cmd: kept in order, NULL-terminated; at most OPTIONS_STACK_CMDS. */
static void stack_cmds(void)
{
	char *argv[OPTIONS_STACK_CMDS + 5] = { "mstack" }, msg[128];
	struct options o;
	int argc = 1;

	for (int i = 0; i <= OPTIONS_STACK_CMDS; i++)
		argv[argc++] = i % 2 ? "--stack-cmd=/b" : "--stack-cmd=/a";
	argv[argc++] = "slirp://";
	argv[argc++] = "cmd";
	if (options_read(&o, argc, argv, msg, sizeof(msg)) != -1 ||
	    strcmp(msg, "too many --stack-cmd (at most 16)"))
		fail("%d --stack-cmd: not refused", OPTIONS_STACK_CMDS + 1);
	argv[2] = "slirp://";
	argv[3] = "cmd";
	if (options_read(&o, 4, argv, msg, sizeof(msg)) != 0 || strcmp(o.stack, "slirp://") ||
	    !o.stack_cmds[0] || strcmp(o.stack_cmds[0], "/a") || o.stack_cmds[1])
		fail("--stack-cmd=/a slirp:// cmd: not the one command /a");
	if (options_read(&o, 3, argv + 1, msg, sizeof(msg)) != 0 || o.stack_cmds[0])
		fail("slirp:// cmd: commands left from before");
}

/* True if @a and @b are both NULL or the same string. */
/* --mount SPEC PATH: no COMMAND; --stack-cmd goes with a VDE SPEC. */
static void mounts(void)
{
	char *const args[][6] = {
		{ "mstack", "--mount", "new", "/p", NULL },
		{ "mstack", "-v", "--stack-cmd=/a", "--mount", "vde:///sw", "p" },
	};
	const char *const spec[] = { "new", "vde:///sw" }, *const path[] = { "/p", "p" };
	struct options o;
	char msg[256];

	for (int i = 0; i < 2; i++) {
		int argc = args[i][5] ? 6 : 4;

		if (options_read(&o, argc, (char **)args[i], msg, sizeof(msg)) != 0 ||
		    !o.mount || strcmp(o.stack, spec[i]) || !o.mount_path ||
		    strcmp(o.mount_path, path[i]) || o.command)
			fail("--mount %s %s: not parsed as a mount", spec[i], path[i]);
	}
	if (!o.stack_cmds[0] || strcmp(o.stack_cmds[0], "/a") || o.verbose != 1)
		fail("--mount with -v and --stack-cmd: options lost");
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* A successful parse: everything else options_read() sets. */
static void check_parsed(const struct parsed *p)
{
	struct options o;
	struct row r = { .ret = 0, .families = ALL };
	char who[512];
	int i;

	memcpy(r.args, p->args, sizeof(r.args));
	check_row(&r, &o);
	shown(p->args, who, sizeof(who));
	if (o.verbose != p->verbose || o.backtrace_depth != p->backtrace_depth ||
	    o.ptrace_only != p->ptrace_only || !same(o.stack, p->stack) ||
	    !same(o.log_path, p->log_path))
		fail("%s: verbose %d, depth %d, ptrace-only %d, log %s, STACK '%s'", who,
		     o.verbose, o.backtrace_depth, o.ptrace_only,
		     o.log_path ? o.log_path : "-", o.stack ? o.stack : "-");
	for (i = 0; i < 3 && p->command[i]; i++)
		if (!o.command || !o.command[i] || strcmp(o.command[i], p->command[i]))
			fail("%s: COMMAND word %d is not '%s'", who, i, p->command[i]);
	if (o.command && o.command[i])
		fail("%s: COMMAND has more than %d words", who, i);
}

int main(void)
{
	struct options o;

	for (size_t i = 0; i < sizeof(grammar) / sizeof(grammar[0]); i++)
		check_row(&grammar[i], &o);
	numbers_at_af_max();
	long_numbers();
	for (size_t i = 0; i < sizeof(usage_rows) / sizeof(usage_rows[0]); i++)
		check_row(&usage_rows[i], &o);
	for (size_t i = 0; i < sizeof(parsed_rows) / sizeof(parsed_rows[0]); i++)
		check_parsed(&parsed_rows[i]);
	stack_cmds();
	mounts();
	return unit_result("the command line and its LIST grammar");
}
