/*
 * The one grammar of STACK names.  The keywords win over files of the
 * same name (they need not exist), and a bare NAME is looked up under
 * /run/netns as by "ip netns exec", never in the working directory.
 * msocket paths are paths: only the two /dev/net ones are not files.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "net/stack_name.h"

/* Returns the kind of the keyword @arg in @syntax, or -1 if it is none. */
static int keyword(const char *arg, enum stack_syntax syntax)
{
	bool command = syntax == STACK_SYNTAX_COMMAND;

	if (!strcmp(arg, STACK_PATH_NULL) || (command && !strcmp(arg, "null")))
		return STACK_NAME_NULL;
	if (!strcmp(arg, STACK_PATH_NATIVE) || (command && !strcmp(arg, "native")))
		return STACK_NAME_NATIVE;
	if (command && !strcmp(arg, STACK_NEW))
		return STACK_NAME_NEW;
	return -1;
}

int stack_name_parse(const char *arg, enum stack_syntax syntax, struct stack_name *n)
{
	int kind = keyword(arg, syntax);

	n->file = NULL;
	if (kind >= 0) {
		n->kind = (enum stack_name_kind)kind;
		return 0;
	}
	if (!*arg)
		return -ENOENT;
	if (syntax == STACK_SYNTAX_MSOCKET || strchr(arg, '/')) {
		n->kind = STACK_NAME_PATH;
		n->file = arg;
		return 0;
	}
	if (strlen(arg) > NAME_MAX || !strcmp(arg, ".") || !strcmp(arg, ".."))
		return -ENOENT;
	snprintf(n->netns, sizeof(n->netns), NETNS_RUN_DIR "%s", arg);
	n->kind = STACK_NAME_NETNS;
	n->file = n->netns;
	return 0;
}

bool stack_name_vde(const char *arg)
{
	const char *p = arg;

	/* vde_open(3) takes the plugin's name from SCHEME, an RFC 3986 scheme. */
	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return !strncmp(p, "://", 3);
}
