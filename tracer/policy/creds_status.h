/* The identity lines of /proc/TID/status, parsed from text (no /proc needed). */
#ifndef MSTACK_CREDS_STATUS_H
#define MSTACK_CREDS_STATUS_H

#include <stddef.h>
#include <sys/types.h>

#include "policy/creds.h"

/*
 * Parses the "Uid:", "Gid:" and "Groups:" lines of @text, the whole
 * NUL-terminated text of a status file: the real, effective, saved and
 * filesystem ids into @c->uid and @c->gid, and the supplementary groups
 * into @groups, which has room for @room of them.
 * Returns the number of groups (only the first @room stored when there
 * are more: call again with room for all), or -EINVAL when a line is
 * missing, has not four ids, or holds something else than ids.
 */
long creds_parse_status(const char *text, struct creds *c, gid_t *groups, size_t room);

#endif
