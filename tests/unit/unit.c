/* The unit tests' verdicts. */
#include <stdarg.h>
#include <stdio.h>

#include "unit.h"

static int failures;

void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures++;
}

int unit_result(const char *what)
{
	if (failures) {
		printf("%d check%s failed: %s\n", failures, failures > 1 ? "s" : "", what);
		return 1;
	}
	printf("PASS: %s\n", what);
	return 0;
}
