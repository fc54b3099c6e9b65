/*
 * Unit test of the STACK name grammar (mstack(1), STACKS; msocket(3)):
 * every form through stack_name_parse(), on the command line and as an
 * msocket path, and the command line's forms through stack_open() where
 * no root is needed (null, native, this process's own namespace, files
 * that are no stack, names that name nothing).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/stack.h"
#include "net/stack_name.h"
#include "unit.h"

#define COMMAND STACK_SYNTAX_COMMAND
#define MSOCKET STACK_SYNTAX_MSOCKET

static const char *const kind_name[] = {
	[STACK_NAME_NULL] = "null", [STACK_NAME_NATIVE] = "native", [STACK_NAME_NEW] = "new",
	[STACK_NAME_NETNS] = "netns NAME", [STACK_NAME_PATH] = "path",
};
static const char *const syntax_name[] = { "command line", "msocket" };

/* Checks that @arg in @syntax is of @kind (or -errno) with @file to open (or NULL). */
static void parse(const char *arg, enum stack_syntax syntax, int kind, const char *file)
{
	struct stack_name n;
	int ret = stack_name_parse(arg, syntax, &n);
	const char *got = ret < 0 ? NULL : n.file;

	if (ret < 0 && ret == kind)
		return;
	if (ret < 0 || kind < 0) {
		fail("%s '%.40s': returns %d (want %d)", syntax_name[syntax], arg, ret, kind);
		return;
	}
	if ((int)n.kind != kind || (got && !file) || (!got && file) ||
	    (got && strcmp(got, file)))
		fail("%s '%.40s': %s '%.60s' (want %s '%.60s')", syntax_name[syntax], arg,
		     kind_name[n.kind], got ? got : "-", kind_name[kind], file ? file : "-");
}

/* The keywords: recognised before any file, and only whole. */
static void keywords(void)
{
	parse("null", COMMAND, STACK_NAME_NULL, NULL);
	parse("/dev/net/null", COMMAND, STACK_NAME_NULL, NULL);
	parse("native", COMMAND, STACK_NAME_NATIVE, NULL);
	parse("/dev/net/native", COMMAND, STACK_NAME_NATIVE, NULL);
	parse("/dev/net/null", MSOCKET, STACK_NAME_NULL, NULL);
	parse("/dev/net/native", MSOCKET, STACK_NAME_NATIVE, NULL);
	parse("new", COMMAND, STACK_NAME_NEW, NULL);
	/* Near misses are names or paths like any other. */
	parse("nullx", COMMAND, STACK_NAME_NETNS, "/run/netns/nullx");
	parse("xnull", COMMAND, STACK_NAME_NETNS, "/run/netns/xnull");
	parse("Null", COMMAND, STACK_NAME_NETNS, "/run/netns/Null");
	parse("NATIVE", COMMAND, STACK_NAME_NETNS, "/run/netns/NATIVE");
	parse("null ", COMMAND, STACK_NAME_NETNS, "/run/netns/null ");
	parse("nativ", COMMAND, STACK_NAME_NETNS, "/run/netns/nativ");
	parse("New", COMMAND, STACK_NAME_NETNS, "/run/netns/New");
	parse("./new", COMMAND, STACK_NAME_PATH, "./new");
	parse("./null", COMMAND, STACK_NAME_PATH, "./null");
	parse("/run/netns/null", COMMAND, STACK_NAME_PATH, "/run/netns/null");
	parse("/dev/net/null/", COMMAND, STACK_NAME_PATH, "/dev/net/null/");
	parse("/dev/net//null", COMMAND, STACK_NAME_PATH, "/dev/net//null");
	parse("//dev/net/null", COMMAND, STACK_NAME_PATH, "//dev/net/null");
	parse("/dev/net/nullx", COMMAND, STACK_NAME_PATH, "/dev/net/nullx");
	parse("dev/net/native", COMMAND, STACK_NAME_PATH, "dev/net/native");
	parse("/dev/net/null/", MSOCKET, STACK_NAME_PATH, "/dev/net/null/");
	parse("/dev/net/nativ", MSOCKET, STACK_NAME_PATH, "/dev/net/nativ");
	/* The short forms are not paths of msocket: files in the working directory. */
	parse("null", MSOCKET, STACK_NAME_PATH, "null");
	parse("native", MSOCKET, STACK_NAME_PATH, "native");
	parse("new", MSOCKET, STACK_NAME_PATH, "new");
}

/* A bare NAME is under /run/netns; anything with a slash is a path. */
static void names_and_paths(void)
{
	char name[300], want[320];

	parse("blue", COMMAND, STACK_NAME_NETNS, "/run/netns/blue");
	parse("-", COMMAND, STACK_NAME_NETNS, "/run/netns/-");
	parse("...", COMMAND, STACK_NAME_NETNS, "/run/netns/...");
	parse(".blue", COMMAND, STACK_NAME_NETNS, "/run/netns/.blue");
	parse("a b", COMMAND, STACK_NAME_NETNS, "/run/netns/a b");
	parse("/run/netns/blue", COMMAND, STACK_NAME_PATH, "/run/netns/blue");
	parse("/proc/1/ns/net", COMMAND, STACK_NAME_PATH, "/proc/1/ns/net");
	parse("blue/", COMMAND, STACK_NAME_PATH, "blue/");
	parse("a/b", COMMAND, STACK_NAME_PATH, "a/b");
	parse("./blue", COMMAND, STACK_NAME_PATH, "./blue");
	parse("./.", COMMAND, STACK_NAME_PATH, "./.");
	parse("../..", COMMAND, STACK_NAME_PATH, "../..");
	parse("/", COMMAND, STACK_NAME_PATH, "/");
	parse("blue", MSOCKET, STACK_NAME_PATH, "blue");
	parse("/run/netns/blue", MSOCKET, STACK_NAME_PATH, "/run/netns/blue");
	parse(".", MSOCKET, STACK_NAME_PATH, ".");
	parse("..", MSOCKET, STACK_NAME_PATH, "..");
	/* A name names no file when empty, "." or "..", or too long for one. */
	parse("", COMMAND, -ENOENT, NULL);
	parse("", MSOCKET, -ENOENT, NULL);
	parse(".", COMMAND, -ENOENT, NULL);
	parse("..", COMMAND, -ENOENT, NULL);
	memset(name, 'x', 255);
	name[255] = '\0';
	snprintf(want, sizeof(want), "/run/netns/%s", name);
	parse(name, COMMAND, STACK_NAME_NETNS, want);
	parse(name, MSOCKET, STACK_NAME_PATH, name);
	name[255] = 'x';
	name[256] = '\0';
	parse(name, COMMAND, -ENOENT, NULL);
	parse(name, MSOCKET, STACK_NAME_PATH, name);
	name[150] = '/';	/* a path is not a name: no limit here */
	parse(name, COMMAND, STACK_NAME_PATH, name);
}

/* Checks that stack_open(@arg) fails with @err. */
static void refused(const char *arg, int err, struct stack *native)
{
	struct stack *s;

	errno = 0;
	s = stack_open(arg, native);
	if (!s && errno == err)
		return;
	fail("stack_open('%.40s'): %s, errno %d (want errno %d)", arg,
	     s ? "a stack" : "NULL", errno, err);
	if (s && s != native)
		stack_free(s);
}

/* The command line's forms, opened, as far as no privilege is needed. */
static void opened(void)
{
	struct stack *native = stack_native(), *s;
	struct stat mine, got;
	char name[300];

	if (!native) {
		fail("stack_native(): %s", strerror(errno));
		return;
	}
	s = stack_open("null", native);
	if (!s || s->kind != STACK_NULL || strcmp(s->name, "null"))
		fail("stack_open('null'): not a null stack named null");
	else
		stack_free(s);
	s = stack_open("/dev/net/null", native);
	if (!s || s->kind != STACK_NULL || strcmp(s->name, "/dev/net/null"))
		fail("stack_open('/dev/net/null'): not a null stack named /dev/net/null");
	else
		stack_free(s);
	s = stack_open("new", native);	/* its helper is the tracer's to start */
	if (!s || s->kind != STACK_SERVED || s->nsfd != -1 || s->helper)
		fail("stack_open('new'): not a served stack waiting for its helper");
	else
		stack_free(s);
	if (stack_open("native", native) != native || stack_open("/dev/net/native", native) != native)
		fail("stack_open('native'), stack_open('/dev/net/native'): not the native stack");
	s = stack_open("/proc/self/ns/net", native);
	if (!s || s->kind != STACK_NETNS || stat("/proc/self/ns/net", &mine) < 0 ||
	    fstat(s->nsfd, &got) < 0 || got.st_ino != mine.st_ino)
		fail("stack_open('/proc/self/ns/net'): not this process's namespace");
	if (s)
		stack_free(s);
	refused("", ENOENT, native);
	refused(".", ENOENT, native);	/* not the working directory */
	refused("..", ENOENT, native);
	refused("./.", ENOTSUP, native);	/* the working directory */
	refused("/dev/null", ENOTSUP, native);
	refused("/proc/self/ns/mnt", ENOTSUP, native);
	refused("/nonexistent-mstack-unit/net", ENOENT, native);
	memset(name, 'x', 256);
	name[256] = '\0';
	refused(name, ENOENT, native);	/* not ENAMETOOLONG: no file has that name */
	stack_free(native);
}

/* VDE network locators: SCHEME:// with an RFC 3986 scheme, on the command line. */
static void vde_locators(void)
{
	static const char *const yes[] = {
		"vde:///tmp/sw", "slirp://", "vxvde://239.1.2.3", "tap://vde0",
		"a1+b-c.d://x", "Vde://", "vde:///tmp/sw[port=3]",
	};
	static const char *const no[] = {
		"", "vde", "vde:/tmp/sw", "vde:", "://x", "1vde://", "+vde://",
		"./vde://x", "/tmp/vde://x", "vde ://", "v_e://", "slirp:/",
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!stack_name_vde(yes[i]))
			fail("'%s': not a VDE locator", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (stack_name_vde(no[i]))
			fail("'%s': a VDE locator", no[i]);
}

int main(void)
{
	keywords();
	vde_locators();
	names_and_paths();
	opened();
	return unit_result("STACK names");
}
