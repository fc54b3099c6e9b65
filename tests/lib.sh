# Shell library of the mstack test suite, sourced by every tests/*.test.
#
# Environment (set by tests/local.mk; defaults for a run by hand from the
# top of the build tree):
#   MSTACK        the mstack binary
#   PROBES        the directory of the probe programs
#   MSTACK_EXTRA  words put right after "mstack" (--ptrace-only or empty)
#   MSTACK_VDE_KEEPER  the keeper of VDE stacks that mstack runs
#   SANITIZER_LOGS  (sanitizer builds) a directory for the reports of
#                 AddressSanitizer, UndefinedBehaviorSanitizer and
#                 ThreadSanitizer; any report fails the test
#
# A test builds its world (namespaces blue and red with a veth between
# them, a marker address that exists only in blue), runs checks, and ends
# with "finish". Everything it made is removed on exit, also on failure or
# interrupt. Exit: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u

me=${0##*/}
MSTACK=${MSTACK:-$PWD/mstack}
PROBES=${PROBES:-$PWD/tests/probes}
MSTACK_EXTRA=${MSTACK_EXTRA:-}
MSTACK_VDE_KEEPER=${MSTACK_VDE_KEEPER:-${MSTACK%/*}/vde-keeper}
export MSTACK_VDE_KEEPER

skip() { echo "SKIP: $*"; exit 77; }

# The tracer is a detached process whose stderr is /dev/null: sanitizer
# reports go to files named after this test (NAME.asan.PID, ...), checked
# by finish.
if [ -n "${SANITIZER_LOGS:-}" ]; then
	for _s in asan ubsan tsan; do
		_v=$(echo "$_s" | tr a-z A-Z)_OPTIONS
		eval "$_v=\"\${$_v:-}:log_path=$SANITIZER_LOGS/$me.$_s\"; export $_v"
	done
fi
hard_error() { echo "ERROR: $*"; exit 99; }

[ "$(id -u)" = 0 ] || skip "needs root"
ip netns list >/dev/null 2>&1 || skip "needs 'ip netns'"
# ip -n and ip netns exec make / a slave mount (iproute2, netns_switch()
# in lib/namespace.c), which fails where / is no mount point, as in a
# plain chroot: every test would end in a set-up error.
! command -v mountpoint >/dev/null || mountpoint -q / ||
	skip "needs / to be a mount point (ip netns exec remounts it)"
[ -x "$MSTACK" ] || hard_error "$MSTACK is not built"
[ -x "$PROBES/sockprobe" ] || hard_error "probes are not built in $PROBES"

# Work directory in the build tree, next to the test itself.
W=$(cd "$(dirname "$0")" && pwd)/$me.d
rm -rf "$W" && mkdir -p "$W" || hard_error "cannot make $W"
PFX=mstest$$	# namespaces of this test: mstestPID-NAME
# Probes tell this run's tracer from that of the same command in a test
# run in parallel by it (tests/probes/common.c).
MSTACK_TEST_SESSION=$PFX
export MSTACK_TEST_SESSION

_pids= _nss= _mounts= _users=
cleanup() {
	trap - EXIT INT TERM HUP
	for p in $_pids; do kill -9 "$p" 2>/dev/null; done
	for u in $_users; do pkill -9 -U "$u" 2>/dev/null; done
	for m in $_mounts; do umount "$m" 2>/dev/null; done
	for n in $_nss; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ms ARG...: mstack with the installation path of this run; $MS is the
# same as words, for a program that runs mstack itself.
MS="$MSTACK${MSTACK_EXTRA:+ $MSTACK_EXTRA}"
# shellcheck disable=SC2086
ms() { $MS "$@"; }

# Cookies of the stacks, as a sed script that names them (see "names").
: > "$W/names.sed"
_cookies=
name_cookie() { # NAME [ip netns exec NS]: learn the cookie of a stack
	_n=$1; shift
	_c=$("$@" "$PROBES/sockprobe" unix | sed -n 's/^unix cookie=//p')
	case $_c in ''|*[!0-9]*) hard_error "no netns cookie for $_n" ;; esac
	case " $_cookies " in *" $_c "*)
		hard_error "stack $_n has the cookie of another" ;;
	esac
	_cookies="$_cookies $_c"
	printf 's/cookie=%s\\b/%s/g\n' "$_c" "$_n" >> "$W/names.sed"
}
names() { sed -f "$W/names.sed"; }
name_cookie host

# ns_add VAR: a namespace $PFX-VAR with lo up; sets $VAR to its name.
ns_add() {
	_name=$PFX-$1
	ip netns add "$_name" || hard_error "ip netns add $_name"
	_nss="$_nss $_name"
	ip -n "$_name" link set lo up || hard_error "lo up in $_name"
	# No duplicate address detection: addresses are usable at once.
	for _c in all default; do
		echo 0 | ip netns exec "$_name" \
			tee "/proc/sys/net/ipv6/conf/$_c/accept_dad" >/dev/null
	done
	eval "$1=\$_name"
	name_cookie "$1" ip netns exec "$_name"
}

# The world: blue (marker 198.18.99.1 and 2001:db8:99::1 on lo, exist only
# there) and red, joined by a veth: blue v0 198.18.1.1 2001:db8:1::1,
# red v1 198.18.1.2 2001:db8:1::2.
world() {
	ns_add blue
	ns_add red
	{
		ip -n "$blue" addr add 198.18.99.1/32 dev lo &&
		ip -n "$blue" addr add 2001:db8:99::1/128 dev lo nodad &&
		ip -n "$blue" link add v0 type veth peer name v1 netns "$red" &&
		ip -n "$blue" addr add 198.18.1.1/24 dev v0 &&
		ip -n "$blue" addr add 2001:db8:1::1/64 dev v0 nodad &&
		ip -n "$red" addr add 198.18.1.2/24 dev v1 &&
		ip -n "$red" addr add 2001:db8:1::2/64 dev v1 nodad &&
		ip -n "$blue" link set v0 up &&
		ip -n "$red" link set v1 up
	} || hard_error "world set-up failed"
	if ip addr 2>/dev/null | grep -q -e 198.18.99.1 -e 2001:db8:99::1; then
		hard_error "the host has blue's marker address"
	fi
}

# bg CMD...: run CMD in the background, killed at exit; its pid in $bg_pid.
bg() {
	"$@" &
	bg_pid=$!
	_pids="$_pids $bg_pid"
}

# wait_file FILE [SECONDS]: wait until FILE exists.
wait_file() {
	_i=0
	while [ ! -e "$1" ]; do
		[ "$_i" -ge "$((${2:-10} * 10))" ] && return 1
		sleep 0.1
		_i=$((_i + 1))
	done
}

# server NS|host KIND ADDR [PORT] MSG: start a probe server and wait for it.
_nserv=0
server() {
	_where=$1; shift
	_nserv=$((_nserv + 1))
	if [ "$_where" = host ]; then
		bg "$PROBES/server" "$W/ready.$_nserv" "$@"
	else
		bg ip netns exec "$_where" "$PROBES/server" "$W/ready.$_nserv" "$@"
	fi
	wait_file "$W/ready.$_nserv" 10 || hard_error "server $* did not start"
}

# running PID: whether PID is a process that has not exited (a zombie has).
running() {
	[ -e "/proc/$1" ] &&
		! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# gone PID: wait up to 10 s until PID has exited (a zombie counts).
gone() {
	_i=0
	while running "$1"; do
		[ $_i -ge 100 ] && return 1
		sleep 0.1
		_i=$((_i + 1))
	done
}

# wait_line FILE LINE [N]: wait up to 10 s until FILE has N (default 1)
# lines that are exactly LINE.
wait_line() {
	_i=0
	while :; do
		_n=$(grep -c -x -F -- "$2" "$1" 2>/dev/null)
		[ "${_n:-0}" -ge "${3:-1}" ] && return 0
		[ $_i -ge 100 ] && return 1
		sleep 0.1
		_i=$((_i + 1))
	done
}

# release FIFO: write one line into FIFO, for a probe that waits to read
# it; gives up after 10 s (no reader).
release() { timeout 10 sh -c 'echo go > "$1"' - "$1"; }

# tracer_of PID: the TracerPid of PID (0 when none).
tracer_of() { sed -n 's/^TracerPid:[[:space:]]*//p' "/proc/$1/status"; }

# holds_listener PID: whether PID has a seccomp listener open.
holds_listener() {
	for _f in "/proc/$1/fd/"*; do
		[ "$(readlink "$_f" 2>/dev/null)" = "anon_inode:seccomp notify" ] &&
			return 0
	done
	return 1
}

# session_tracer ARG: the pid of the tracer of the session this test
# started with ARG among mstack's arguments (waits up to 10 s until there
# is exactly one; prints all it found otherwise).  The tracer and its
# keeper are forks of mstack that do not exec (src/cli/launch.c), so their
# command line is mstack's own, while the command replaced it with its
# own; of those, the tracer holds the seccomp listener on every path, the
# keeper only until it closes its copy at its start.
session_tracer() {
	_i=0
	while :; do
		_found=$(_session_listeners "$1")
		[ -n "$_found" ] && [ "$(echo "$_found" | wc -l)" = 1 ] && break
		[ $_i -ge 100 ] && break
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "$_found"
}
_session_listeners() { # ARG: every session_tracer candidate, one a line
	for _c in /proc/[0-9]*/cmdline; do
		tr '\0' '\n' 2>/dev/null < "$_c" > "$W/cmdline" || continue
		[ "$(head -n 1 "$W/cmdline")" = "$MSTACK" ] || continue
		grep -q -x -F -- "$1" "$W/cmdline" || continue
		_p=${_c#/proc/}
		_p=${_p%/cmdline}
		holds_listener "$_p" && echo "$_p"
	done
}

# Verdicts. Every check prints PASS/FAIL with its label; finish exits 1 if
# any failed, and 99 if the script asserted nothing at all.
_checks=0 _failed=0
pass() { _checks=$((_checks + 1)); echo "PASS: $1"; }
fail() {
	_checks=$((_checks + 1)); _failed=$((_failed + 1))
	echo "FAIL: $1"
}
finish() {
	if [ -n "${SANITIZER_LOGS:-}" ]; then
		for _f in "$SANITIZER_LOGS/$me".*; do
			[ -e "$_f" ] || continue
			cat "$_f"
			fail "no sanitizer report: ${_f##*/}"
		done
	fi
	echo "$me: $_checks checks, $_failed failed"
	[ "$_checks" -gt 0 ] || hard_error "$me asserted nothing"
	[ "$_failed" -eq 0 ]
	exit
}

# check [-s STATUS] [-e STDERR | -E ERE] [-1] [-i INPUT] LABEL EXPECTED CMD...
# Runs CMD; its stdout, with stack cookies named (names), must be EXPECTED
# exactly, its exit status STATUS (default 0). -e: stderr must be STDERR
# exactly; -E: stderr must match the extended regexp
# ERE on some line; -1: stderr must be one line. Otherwise stderr is only
# shown on failure.
check() {
	_st=0 _err= _ere= _one= _in=/dev/null
	while :; do
		case $1 in
		-s) _st=$2; shift 2 ;;
		-e) _err=$2; shift 2 ;;
		-E) _ere=$2; shift 2 ;;
		-1) _one=1; shift ;;
		-i) _in=$2; shift 2 ;;
		*) break ;;
		esac
	done
	_label=$1 _want=$2; shift 2
	echo "== $_label: $*"
	"$@" < "$_in" > "$W/out" 2> "$W/err"
	_got=$?
	names < "$W/out" > "$W/out.named"
	if [ -n "$_want" ]; then
		printf '%s\n' "$_want" > "$W/want"
	else
		: > "$W/want"
	fi
	_ok=1
	if [ "$_got" != "$_st" ]; then
		echo "exit status $_got, expected $_st"; _ok=0
	fi
	if ! diff -u "$W/want" "$W/out.named"; then
		echo "(stdout differs: - expected, + got)"; _ok=0
	fi
	if [ -n "$_err" ]; then
		printf '%s\n' "$_err" > "$W/want.err"
		diff -u "$W/want.err" "$W/err" || { echo "(stderr differs)"; _ok=0; }
	elif [ -n "$_ere" ]; then
		grep -Eq -- "$_ere" "$W/err" ||
			{ echo "stderr does not match: $_ere"; _ok=0; }
	fi
	if [ -n "$_one" ] && [ "$(wc -l < "$W/err")" -ne 1 ]; then
		echo "stderr is not one line"; _ok=0
	fi
	if [ "$_ok" = 1 ]; then
		pass "$_label"
	else
		echo "-- stderr:"; cat "$W/err"
		fail "$_label"
	fi
}

# assert LABEL CMD...: CMD (a command or shell function) must succeed.
assert() {
	_label=$1; shift
	if "$@"; then pass "$_label"; else fail "$_label"; fi
}

# refused STATUS STDERR|ERE LABEL MSTACK-ARG...: mstack must exit with
# STATUS and say why on stderr: exactly STDERR, or (when it starts with ^)
# a line matching the extended regexp ERE; one line only, except for usage
# errors (2), which may add a usage summary. The command must not start:
# a "START" argument is replaced by a command that would leave a mark.
refused() {
	_rst=$1 _rerr=$2 _rlabel=$3; shift 3
	rm -f "$W/started"
	_args=
	for _a; do
		if [ "$_a" = START ]; then
			_args="$_args touch '$W/started'"
		else
			_args="$_args '$_a'"
		fi
	done
	eval "set -- $_args"
	case $_rst:$_rerr in
	2:^*) check -s 2 -E "$_rerr" "$_rlabel" "" ms "$@" ;;
	*:^*) check -s "$_rst" -1 -E "$_rerr" "$_rlabel" "" ms "$@" ;;
	*) check -s "$_rst" -1 -e "$_rerr" "$_rlabel" "" ms "$@" ;;
	esac
	assert "$_rlabel: command not started" test ! -e "$W/started"
}

# need_i386: skip unless this kernel runs i386 code (probed: an int $0x80
# getpid() from a 64-bit probe; a kernel may lack or disable the i386
# emulation whatever its version).
need_i386() {
	_why=$("$PROBES/abi" i386) ||
		skip "this kernel does not run i386 code: $(echo "$_why" | head -n 1)"
}

# need_userns [USER]: skip unless USER (default: us) can create a user
# namespace (the kernel, a sysctl or a security module may forbid it).
need_userns() {
	command -v unshare >/dev/null || skip "needs unshare"
	if [ -n "${1:-}" ]; then
		command -v setpriv >/dev/null || skip "needs setpriv"
		_why=$(setpriv --reuid="$1" --regid="$1" --clear-groups \
			unshare -U true 2>&1)
	else
		_why=$(unshare -U true 2>&1)
	fi || skip "cannot create a user namespace${1:+ as uid $1}:" \
		"$(echo "$_why" | head -n 1)"
}

# need_vde: skip unless this mstack has VDE and slirp stacks built in
# (its --version says) and vde_switch (vde2) is there.
need_vde() {
	"$MSTACK" --version | grep -q '^VDE and slirp stacks: built in' ||
		skip "VDE and slirp stacks are not built in (configure --with-vde)"
	command -v vde_switch >/dev/null || skip "needs vde_switch (vde2)"
	command -v unshare >/dev/null || skip "needs unshare"
}

# as_user_tun MODE CMD...: as_user CMD, in a mount namespace of its own
# where /dev/net/tun is a node of this test with MODE (an ordinary user
# needs it open to him for a VDE stack's tap).  The machine's device
# keeps its mode: tests run in parallel, and one may need it closed.
as_user_tun() {
	_tun=$W/tun.$1; shift
	[ -e "$_tun" ] || mknod -m "${_tun##*.}" "$_tun" c 10 200 ||
		hard_error "cannot make $_tun"
	# shellcheck disable=SC2016
	(cd "$UW" && HOME=$UW unshare -m --propagation private sh -c \
		'mount --bind "$1" /dev/net/tun || exit 99; shift
		exec setpriv --reuid="$0" --regid="$0" --clear-groups \
			--inh-caps=-all "$@"' "$TEST_UID" "$_tun" "$@")
}

# user_add: sets $TEST_UID to an unprivileged user of this test alone, a
# uid that no account and no process has (no entry in /etc/passwd is
# needed: the kernel knows only numbers), and makes $UW, a directory in
# $W that this user owns.  Its processes are killed by cleanup.
user_add() {
	command -v setpriv >/dev/null || skip "needs setpriv"
	_u=$((40000 + $$ % 20000))
	while getent passwd "$_u" >/dev/null || getent group "$_u" >/dev/null ||
		[ -n "$(ps -o pid= -U "$_u" 2>/dev/null)" ]; do
		_u=$((_u + 1))
	done
	TEST_UID=$_u
	_users="$_users $_u"
	UW=$W/user
	mkdir -p "$UW" && chown "$_u:$_u" "$UW" || hard_error "cannot make $UW"
}

# as_user CMD...: CMD as $TEST_UID (see user_add), no groups, no
# capabilities, HOME in $UW, run from $UW.
as_user() {
	(cd "$UW" && HOME=$UW setpriv --reuid="$TEST_UID" --regid="$TEST_UID" \
		--clear-groups --inh-caps=-all "$@")
}
