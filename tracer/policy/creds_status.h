/* The identity lines of /proc/TID/status, parsed from text (no /proc needed). */
#ifndef MSTACK_CREDS_STATUS_H
#define MSTACK_CREDS_STATUS_H

#include <stddef.h>
#include <sys/types.h>

enum { ID_REAL, ID_EFFECTIVE, ID_SAVED, ID_FS, ID_KINDS };

/*
 * Parses the "Uid:", "Gid:" and "Groups:" lines of @text, the whole
 * NUL-terminated text of a status file: the real, effective, saved and
 * filesystem ids into @uid and @gid, and the supplementary groups
 * into @groups, which has room for @room of them.
 * Returns the number of groups (only the first @room stored when there
 * are more: call again with room for all), or -EINVAL when a line is
 * missing, has not four ids, or holds something else than ids.
 */
long creds_parse_status(const char *text, uid_t uid[ID_KINDS], gid_t gid[ID_KINDS],
			gid_t *groups, size_t room);

#endif
