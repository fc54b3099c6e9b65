/* Debug counters: relaxed atomics, read once at the end. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ptrace/counters.h"

static unsigned long counts[COUNT_KINDS];

void counters_add(enum counter kind)
{
	__atomic_fetch_add(&counts[kind], 1, __ATOMIC_RELAXED);
}

/* Returns the count of @kind; the notification threads may still be counting. */
static unsigned long get(enum counter kind)
{
	return __atomic_load_n(&counts[kind], __ATOMIC_RELAXED);
}

void counters_write(void)
{
	const char *path = getenv("MSTACK_DEBUG_COUNTERS");
	char line[160];
	int fd, n;

	if (!path || !*path)
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line),
		     "notifications=%lu ptrace_stops=%lu injected=%lu sockets=%lu receivers=%lu\n",
		     get(COUNT_NOTIFICATIONS), get(COUNT_PTRACE_STOPS), get(COUNT_INJECTED),
		     get(COUNT_SOCKETS), get(COUNT_RECEIVERS));
	if (write(fd, line, (size_t)n) < 0)
		n = 0;
	close(fd);
}
