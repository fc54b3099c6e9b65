/*
 * libFuzzer target for the command line: the input, cut at NUL bytes, is
 * the argument list of mstack (after argv[0]) given to options_read(), and
 * whole, as one LIST, to family_list_apply(). Both must return a verdict
 * without crashing, and what they return must hold together.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless family_list_apply() on @list keeps its promises. */
static void check_list(const char *list)
{
	struct options o = { .families = FAMILY_ALL, .families_pristine = true };
	const char *bad;
	int len;

	if (family_list_apply(&o, list, &bad, &len) == 0) {
		if (o.families & ~FAMILY_ALL)
			abort();
		return;
	}
	if (bad < list || len < 0 || bad + len > list + strlen(list))
		abort();
}

/* Aborts unless options_read() on @argv keeps its promises. */
static void check_argv(int argc, char **argv)
{
	struct options o;
	char msg[512];
	int ret;

	msg[0] = '\0';
	ret = options_read(&o, argc, argv, msg, sizeof(msg));
	switch (ret) {
	case 0:
		/* --mount SPEC PATH: no COMMAND, a PATH instead. */
		if (o.mount ? !o.mount_path || !o.mount_path[0] :
			      !o.command || !o.command[0])
			abort();
		if (!o.stack || o.families & ~FAMILY_ALL ||
		    o.backtrace_depth < 0 || o.backtrace_depth > 256 || o.verbose < 0)
			abort();
		break;
	case -1:
		if (!msg[0] || !memchr(msg, '\0', sizeof(msg)))
			abort();
		break;
	case OPTIONS_HELP:
	case OPTIONS_VERSION:
		break;
	default:
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[MAX_ARGS + 2], *p, *end;
	int argc = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	check_list(copy);

	argv[argc++] = "mstack";
	for (p = copy, end = copy + size; p <= end && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	check_argv(argc, argv);
	free(copy);
	return 0;
}
