#!/bin/sh
# Unit test of the public header, without root: a program whose only
# include is <msocket.h> compiles a call with AF_INET and SOCK_DGRAM, so
# the header brings <sys/socket.h> with it (msocket(3) SYNOPSIS names
# only <msocket.h>).  CC is
# the compiler configure chose (make check sets it).
: "${CC:=cc}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
if $CC -std=c99 -Wall -Wextra -Werror -I"${srcdir:-.}/src/lib" \
	-c "${srcdir:-.}/tests/unit/msocket_h.c" -o "$tmp/msocket_h.o" 2>"$tmp/err"; then
	echo "PASS: <msocket.h> alone declares msocket() and the socket constants"
	exit 0
fi
cat "$tmp/err"
echo "FAIL: a program with only #include <msocket.h> does not compile"
exit 1
