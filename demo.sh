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
# A set-up step that fails (a machine without network namespaces, say)
# ends the demo with one line saying what is missing, and exit status 1.
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
# Prints a command line (quoting the words that need it).
cmdline() {
	local word line='$'
	for word; do
		if [[ $word =~ [^A-Za-z0-9_./:=+,@-] ]]; then line+=" '$word'"; else line+=" $word"; fi
	done
	printf '%s\n' "$line" >&2
}
# Prints a command line, then runs it.
show() {
	cmdline "$@"
	"$@"
}
# setup WHAT NEEDS CMD...: prints and runs a set-up step, its complaints
# kept; if it fails, says in one line that the demo cannot WHAT, what
# this machine NEEDS for it (if not empty) and the first line of the
# complaint, and exits: mstack has not been tried.
setup() {
	local what=$1 needs=$2 err
	shift 2
	cmdline "$@"
	err=$("$@" 2>&1 >/dev/null) && return
	err=$(head -n 1 <<<"$err")
	die "cannot $what ($*)${needs:+: this machine needs $needs}${err:+: $err}"
}
lacks() { ! grep -qF -- "$1" <<<"$2"; }
check() {
	if "$@"; then echo "   ok"; else echo "   FAILED"; failed=1; fi
}

[ "$(id -u)" = 0 ] || die "run me as root (ip netns add needs it)"
[ -x "$MSTACK" ] || die "no mstack binary at $MSTACK: run make first, or set MSTACK"
command -v ip >/dev/null || die "ip (iproute2) is missing"
command -v perl >/dev/null || die "perl is missing"
command -v ss >/dev/null || die "ss (iproute2) is missing"
if ip -br addr | grep -qF " $ADDR/"; then
	die "this host already has $ADDR; pick another marker with DEMO_ADDR=..."
fi

server_err=$(mktemp) || die "cannot make a temporary file"
cleanup() {
	local pids
	pids=$(ip netns pids "$NS" 2>/dev/null)
	# shellcheck disable=SC2086 # one word per pid
	[ -n "$pids" ] && kill $pids 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -f "$server_err"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "a throwaway namespace $NS with the marker address $ADDR on its loopback"
setup "create a network namespace" \
	"network namespaces and a writable /run/netns, as root" ip netns add "$NS"
# ip -n enters the namespace in a mount namespace of its own, where it
# makes / a slave mount (iproute2, netns_switch() in lib/namespace.c),
# which fails with EINVAL in a chroot whose / is no mount point.
setup "bring up the loopback of the namespace" \
	"/ to be a mount point (ip -n remounts it; a plain chroot's is not)" \
	ip -n "$NS" link set lo up
setup "put $ADDR on the loopback of the namespace" "IPv4" \
	ip -n "$NS" addr add "$ADDR/32" dev lo
setup "run a command in the namespace" "to mount sysfs in a new mount namespace" \
	ip netns exec "$NS" true

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
' "$ADDR" "$PORT" "$NS" 2>"$server_err" &
listening=false
for _ in $(seq 50); do
	if ip netns exec "$NS" ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q LISTEN; then
		listening=true
		break
	fi
	sleep 0.1
done
$listening || die "cannot start a TCP server on $ADDR:$PORT in the namespace (perl):" \
	"$(head -n 1 "$server_err" | grep . || echo "not listening after 5 s")"
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
