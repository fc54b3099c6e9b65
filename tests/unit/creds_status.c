/*
 * Unit test of the parser of /proc/TID/status identity lines, on
 * synthetic text: a whole status file, truncated ones, missing lines,
 * NGROUPS_MAX groups, numbers that are no ids, and a program name that
 * looks like an identity line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/creds.h"
#include "unit.h"

#define NGROUPS_MAX_LINUX 65536	/* NGROUPS_MAX since Linux 2.6.4 */

/* A status file as Linux 6.1 writes it, cut before its tail. */
#define HEAD "Name:\tprobe\nUmask:\t0022\nState:\tR (running)\nTgid:\t4242\n" \
	"Ngid:\t0\nPid:\t4243\nPPid:\t1\nTracerPid:\t0\n"
#define UIDS "Uid:\t1000\t1001\t1002\t1003\n"
#define GIDS "Gid:\t100\t101\t102\t103\n"
#define FDSIZE "FDSize:\t64\n"
#define GROUPS "Groups:\t4 24 27 30 \n"
#define TAIL "NStgid:\t4242\nNSpid:\t4243\nVmPeak:\t   2488 kB\n" \
	"CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n" \
	"CapEff:\t0000000000000000\nSeccomp:\t2\n"

struct row {
	const char *why, *text;
	long ret;			/* of creds_parse_status() */
	unsigned int uid[ID_KINDS], gid[ID_KINDS], groups[4];
};

static const struct row rows[] = {
	{ "a whole status file", HEAD UIDS GIDS FDSIZE GROUPS TAIL, 4,
	  { 1000, 1001, 1002, 1003 }, { 100, 101, 102, 103 }, { 4, 24, 27, 30 } },
	{ "no supplementary group", HEAD UIDS GIDS FDSIZE "Groups:\t\n" TAIL, 0,
	  { 1000, 1001, 1002, 1003 }, { 100, 101, 102, 103 }, { 0 } },
	{ "groups of blanks only", HEAD UIDS GIDS "Groups:\t \t \n" TAIL, 0,
	  { 1000, 1001, 1002, 1003 }, { 100, 101, 102, 103 }, { 0 } },
	{ "root", HEAD "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n" FDSIZE "Groups:\t0 \n" TAIL, 1,
	  { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 0 } },
	{ "the largest ids", HEAD "Uid:\t4294967295\t0\t1\t4294967294\n"
	  "Gid:\t4294967295\t4294967295\t4294967295\t4294967295\n"
	  "Groups:\t4294967295 65534 \n", 2,
	  { 4294967295u, 0, 1, 4294967294u }, { 4294967295u, 4294967295u, 4294967295u,
	  4294967295u }, { 4294967295u, 65534 } },
	{ "lines in another order", HEAD GROUPS GIDS UIDS TAIL, 4,
	  { 1000, 1001, 1002, 1003 }, { 100, 101, 102, 103 }, { 4, 24, 27, 30 } },
	{ "ending inside the groups", HEAD UIDS GIDS FDSIZE "Groups:\t4 24", 2,
	  { 1000, 1001, 1002, 1003 }, { 100, 101, 102, 103 }, { 4, 24 } },
	{ "a name that looks like the ids", "Name:\tUid:\t0\t0\t0\t0\n"
	  "Umask:\t0022\n" UIDS GIDS GROUPS, 4,
	  { 1000, 1001, 1002, 1003 }, { 100, 101, 102, 103 }, { 4, 24, 27, 30 } },
	/* What no status file holds: not a status file. */
	{ "empty", "", -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "ending after the uids", HEAD UIDS, -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "ending inside the uids", HEAD "Uid:\t1000\t1001", -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "ending inside the gids", HEAD UIDS "Gid:\t100\t101\t102", -EINVAL, { 0 }, { 0 },
	  { 0 } },
	{ "no Uid line", HEAD GIDS GROUPS TAIL, -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "no Gid line", HEAD UIDS GROUPS TAIL, -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "no Groups line", HEAD UIDS GIDS FDSIZE TAIL, -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "the ids on the first line, the name's", "Uid:\t1\t2\t3\t4\nGid:\t1\t2\t3\t4\nGroups:\t\n",
	  -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "three uids", HEAD "Uid:\t1000\t1001\t1002\n" GIDS GROUPS, -EINVAL,
	  { 0 }, { 0 }, { 0 } },
	{ "five gids", HEAD UIDS "Gid:\t1\t2\t3\t4\t5\n" GROUPS, -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "an id past 32 bits", HEAD "Uid:\t4294967296\t0\t0\t0\n" GIDS GROUPS, -EINVAL,
	  { 0 }, { 0 }, { 0 } },
	{ "an id past 64 bits", HEAD UIDS "Gid:\t0\t0\t0\t99999999999999999999999\n" GROUPS,
	  -EINVAL, { 0 }, { 0 }, { 0 } },
	{ "a negative id", HEAD "Uid:\t-1\t0\t0\t0\n" GIDS GROUPS, -EINVAL, { 0 }, { 0 },
	  { 0 } },
	{ "letters in an id", HEAD "Uid:\t10x0\t0\t0\t0\n" GIDS GROUPS, -EINVAL, { 0 }, { 0 },
	  { 0 } },
	{ "a hexadecimal id", HEAD UIDS "Gid:\t0x10\t0\t0\t0\n" GROUPS, -EINVAL, { 0 }, { 0 },
	  { 0 } },
	{ "letters in the groups", HEAD UIDS GIDS "Groups:\t4 abc 27\n", -EINVAL, { 0 },
	  { 0 }, { 0 } },
	{ "a comma in the groups", HEAD UIDS GIDS "Groups:\t4,24\n", -EINVAL, { 0 }, { 0 },
	  { 0 } },
};

static void check_row(const struct row *r)
{
	struct creds c;
	gid_t groups[5];
	long n;

	memset(&c, 0, sizeof(c));
	memset(groups, 0xee, sizeof(groups));
	n = creds_parse_status(r->text, c.uid, c.gid, groups, 4);
	if (n != r->ret) {
		fail("%s: returns %ld (want %ld)", r->why, n, r->ret);
		return;
	}
	if (n < 0)
		return;
	if (memcmp(c.uid, r->uid, sizeof(c.uid)) || memcmp(c.gid, r->gid, sizeof(c.gid)))
		fail("%s: uids %u %u %u %u, gids %u %u %u %u", r->why, c.uid[0], c.uid[1],
		     c.uid[2], c.uid[3], c.gid[0], c.gid[1], c.gid[2], c.gid[3]);
	if (memcmp(groups, r->groups, (size_t)n * sizeof(gid_t)))
		fail("%s: groups %u %u %u %u", r->why, groups[0], groups[1], groups[2],
		     groups[3]);
	if (groups[4] != 0xeeeeeeee)
		fail("%s: a group written past the room given", r->why);
}

/*
 * NGROUPS_MAX groups, as the kernel writes them (several hundred
 * kilobytes): counted with little room, then read whole; more groups
 * than room never write past it.
 */
static void many_groups(void)
{
	size_t size = 1 << 20, used;
	char *text = malloc(size);
	gid_t *groups = malloc((NGROUPS_MAX_LINUX + 1) * sizeof(gid_t));
	struct creds c;
	long n;

	if (!text || !groups) {
		fail("out of memory");
		goto out;
	}
	used = (size_t)snprintf(text, size, HEAD UIDS GIDS FDSIZE "Groups:\t");
	for (unsigned int g = 0; g < NGROUPS_MAX_LINUX; g++)
		used += (size_t)snprintf(text + used, size - used, "%u ", 4000000000u + g);
	snprintf(text + used, size - used, "\n" TAIL);
	groups[0] = groups[1] = groups[2] = 7;
	n = creds_parse_status(text, c.uid, c.gid, groups, 2);
	if (n != NGROUPS_MAX_LINUX || groups[0] != 4000000000u || groups[1] != 4000000001u ||
	    groups[2] != 7)
		fail("NGROUPS_MAX groups, room for 2: returns %ld, groups %u %u %u", n,
		     groups[0], groups[1], groups[2]);
	groups[NGROUPS_MAX_LINUX] = 7;
	n = creds_parse_status(text, c.uid, c.gid, groups, NGROUPS_MAX_LINUX);
	if (n != NGROUPS_MAX_LINUX || c.uid[3] != 1003 || c.gid[0] != 100)
		fail("NGROUPS_MAX groups: returns %ld, uid %u, gid %u", n, c.uid[3], c.gid[0]);
	for (long i = 0; i < NGROUPS_MAX_LINUX; i++)
		if (groups[i] != 4000000000u + (unsigned int)i) {
			fail("NGROUPS_MAX groups: group %ld is %u", i, groups[i]);
			break;
		}
	if (groups[NGROUPS_MAX_LINUX] != 7)
		fail("NGROUPS_MAX groups: a group written past the room given");
	n = creds_parse_status(text, c.uid, c.gid, NULL, 0);
	if (n != NGROUPS_MAX_LINUX)
		fail("NGROUPS_MAX groups, no room: returns %ld", n);
out:
	free(text);
	free(groups);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&rows[i]);
	many_groups();
	return unit_result("the parser of /proc/TID/status identities");
}
