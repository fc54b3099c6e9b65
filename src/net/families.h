/* Address families: names, sets, and the LIST grammar of mstack -o. */
#ifndef MSTACK_FAMILIES_H
#define MSTACK_FAMILIES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/* One bit per family number; AF_MAX (46 on current kernels) fits. */
typedef uint64_t family_set;

#define FAMILY_LIMIT 64
#define FAMILY_ALL (((family_set)1 << AF_MAX) - 2)	/* 1 .. AF_MAX-1 */

static inline family_set family_bit(int family)
{
	return family > 0 && family < FAMILY_LIMIT ? (family_set)1 << family : 0;
}

static inline bool family_in(family_set set, int family)
{
	return (set & family_bit(family)) != 0;
}

/* Returns "AF_INET6" etc., or NULL for a number without a name. */
const char *family_name(int family);

#endif
