/*
 * The status file puts each identity on a line of its own, "KEY:" then
 * decimal numbers separated by tabs (ids) or spaces (groups).  A key
 * counts only at the start of a line: the first line, "Name:", holds a
 * name the program chose.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "policy/creds_status.h"

/*
 * Parses the numbers of line "KEY:\tA\tB..." of @text, storing the first
 * @room in @dst.  Returns their count, or -EINVAL.
 */
static long numbers(const char *text, const char *key, unsigned int *dst, size_t room)
{
	const char *p = strstr(text, key);
	unsigned long x;
	long n = 0;
	char *end;

	if (!p)
		return -EINVAL;
	for (p += strlen(key); *p != '\n' && *p; p = end) {
		p += strspn(p, "\t ");
		if (*p == '\n' || !*p)
			break;
		errno = 0;
		x = strtoul(p, &end, 10);
		if (end == p || errno || x > (gid_t)-1)
			return -EINVAL;
		if ((size_t)n < room)
			dst[n] = (unsigned int)x;
		n++;
	}
	return n;
}

long creds_parse_status(const char *text, uid_t uid[ID_KINDS], gid_t gid[ID_KINDS],
			gid_t *groups, size_t room)
{
	if (numbers(text, "\nUid:", uid, ID_KINDS) != ID_KINDS ||
	    numbers(text, "\nGid:", gid, ID_KINDS) != ID_KINDS)
		return -EINVAL;
	return numbers(text, "\nGroups:", groups, room);
}
