#!/bin/bash
# mstack demo: moves `ip addr` and a TCP client into a throwaway network
# namespace while the other address families stay on the host.
#
# Run as root from the build directory, after `make`:   ./demo.sh
# Knobs: MSTACK (path of the mstack binary, default ./mstack next to this
# script or in the current directory), DEMO_ADDR (marker address, default
# 198.18.0.1), DEMO_PORT (default 7777).
# Needs only what a Debian 12 system has after the README's install line:
# bash, iproute2 (ip, ss), perl-base (the server) and coreutils.
set -u

ADDR=${DEMO_ADDR:-198.18.0.1}
PORT=${DEMO_PORT:-7777}
NS=mstack-demo-$$
here=$(cd "$(dirname "$0")" && pwd)
failed=0

if [ -z "${MSTACK:-}" ]; then
	if [ -x ./mstack ]; then MSTACK=./mstack; else MSTACK=$here/mstack; fi
fi

die() { echo "demo: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
# Prints a command line (quoting the words that need it), then runs it.
show() {
	local word line='$'
	for word; do
		if [[ $word =~ [^A-Za-z0-9_./:=+,@-] ]]; then line+=" '$word'"; else line+=" $word"; fi
	done
	printf '%s\n' "$line" >&2
	"$@"
}
lacks() { ! grep -qF -- "$1" <<<"$2"; }
check() {
	if "$@"; then echo "   ok"; else echo "   FAILED"; failed=1; fi
}

[ "$(id -u)" = 0 ] || die "run me as root (ip netns add needs it)"
[ -x "$MSTACK" ] || die "no mstack binary at $MSTACK: run make first, or set MSTACK"
command -v ip >/dev/null || die "ip (iproute2) is missing"
command -v perl >/dev/null || die "perl is missing"
if ip -br addr | grep -qF " $ADDR/"; then
	die "this host already has $ADDR; pick another marker with DEMO_ADDR=..."
fi

cleanup() {
	local pids
	pids=$(ip netns pids "$NS" 2>/dev/null)
	# shellcheck disable=SC2086 # one word per pid
	[ -n "$pids" ] && kill $pids 2>/dev/null
	ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "a throwaway namespace $NS with the marker address $ADDR on its loopback"
show ip netns add "$NS" || die "cannot create a network namespace"
show ip -n "$NS" link set lo up
show ip -n "$NS" addr add "$ADDR/32" dev lo

step "the host's addresses, without mstack"
show ip -br addr

step "mstack $NS ip -br addr: every family moved, so ip's netlink socket lists the namespace"
ns_view=$(show "$MSTACK" "$NS" ip -br addr) || failed=1
echo "$ns_view"
printf '   lists %s, exactly as ip netns exec does:' "$ADDR"
check test "$ns_view" = "$(ip netns exec "$NS" ip -br addr)"

step "a TCP server on $ADDR:$PORT inside the namespace (started with ip netns exec)"
# shellcheck disable=SC2016 # perl's variables, not the shell's
ip netns exec "$NS" perl -MIO::Socket::INET -e '
	my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => $ARGV[1],
		Listen => 5, ReuseAddr => 1) or die "server: $!\n";
	while (my $c = $s->accept) { print $c "hello from inside $ARGV[2]\n"; close $c }
' "$ADDR" "$PORT" "$NS" &
for _ in $(seq 50); do
	ip netns exec "$NS" ss -Hltn "sport = :$PORT" | grep -q LISTEN && break
	sleep 0.1
done
show ip netns exec "$NS" ss -Hltn "sport = :$PORT"

step "the same client without mstack stays on the host: no greeting from the namespace"
if reply=$(show timeout 3 bash -c "exec 3<>/dev/tcp/$ADDR/$PORT && cat <&3") &&
	grep -qF "hello from inside $NS" <<<"$reply"; then
	echo "   (unexpected: this host reaches the namespace's server by itself)"
else
	echo "   no greeting, as expected"
fi

step "mstack -v -o ipv4 $NS: the client's IPv4 socket comes from the namespace"
reply=$(show "$MSTACK" -v -o ipv4 "$NS" bash -c "exec 3<>/dev/tcp/$ADDR/$PORT && cat <&3") ||
	failed=1
echo "$reply"
printf '   the server answered:'
check grep -qF "hello from inside $NS" <<<"$reply"

step "mstack -o ipv4 $NS ip -br addr: netlink stays home, so ip lists the host again"
host_view=$(show "$MSTACK" -o ipv4 "$NS" ip -br addr) || failed=1
echo "$host_view"
printf '   no %s in this list:' "$ADDR"
check lacks " $ADDR/" "$host_view"

step "cleaning up: ip netns del $NS"
cleanup
trap - EXIT
if [ "$failed" = 0 ]; then
	echo
	echo "demo passed"
else
	echo
	echo "demo FAILED"
	exit 1
fi
