/*
 * Compiled by tests/unit/header.sh with no other include: <msocket.h>
 * alone must declare msocket() and give its callers the socket(2)
 * constants.
 */
#include <msocket.h>

int main(void)
{
	return msocket("null", AF_INET, SOCK_DGRAM, 0) < 0 ? 0 : 1;
}
