#!/bin/bash
# mstack benchmark runner. Normally started by `make bench`.
#
# Builds its own world (two network namespaces and two veth pairs in
# 198.18.0.0/15, nothing else), runs every workload under every variant,
# interleaved within each round, and writes into $BENCH_RESULTS:
#   raw.csv     round,rep,workload,variant,metric,value (every number measured)
#   report.md   medians, ratios (computed within each sample), targets
#   logs/       stderr (and mstack's counter line) of the latest run of each
#               workload/variant
# The world is removed on exit, also on failure or interruption.
#
# Environment:
#   MSTACK         the mstack binary (variants are n/a if it does not work)
#   BENCH_BIN      directory holding the built workload, timeit,
#                  seccomp-floor and unotify-floor programs
#   BENCH_SRC      directory holding report.awk (default: this script's)
#   BENCH_RESULTS  output directory (default: $BENCH_BIN/results)
#   BENCH_ROUNDS   measured rounds (default 5; at least 5 for a real report)
#   BENCH_QUICK=1  small iteration counts, for checking the runner itself
#
# Needs root, strace (>= 5.3 for --seccomp-bpf) and iproute2.

set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
MSTACK=${MSTACK:-./mstack}
BENCH_BIN=${BENCH_BIN:-$here}
BENCH_SRC=${BENCH_SRC:-$here}
BENCH_RESULTS=${BENCH_RESULTS:-$BENCH_BIN/results}
ROUNDS=${BENCH_ROUNDS:-5}
QUICK=${BENCH_QUICK:-0}

W=$BENCH_BIN/workload
T=$BENCH_BIN/timeit
F=$BENCH_BIN/seccomp-floor
U=$BENCH_BIN/unotify-floor

say() { printf 'bench: %s\n' "$*" >&2; }
fatal() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || fatal "needs root (network namespaces, veth, ptrace)"
command -v ip >/dev/null || fatal "needs iproute2 (apt-get install iproute2)"
command -v strace >/dev/null || fatal "needs strace (apt-get install strace)"
command -v timeout >/dev/null || fatal "needs timeout (coreutils)"
[ -x "$W" ] && [ -x "$T" ] && [ -x "$F" ] && [ -x "$U" ] ||
	fatal "the workloads are not built in $BENCH_BIN (run make bench)"
case $ROUNDS in ''|*[!0-9]*) fatal "BENCH_ROUNDS must be a number" ;; esac

# ---- parameters: fixed iteration counts --------------------------------
N_SOCKET=20000        # (1) socket()+close()
N_SOCKET_K=500        # (8) with -k: a backtrace per call is slow
N_GETPPID=1000000     # (2) getppid()
N_GETPPID_SLOW=50000  # (2) under plain strace (every syscall stops)
N_NATIVE=20000        # (3) socket() of a family left native
SH_LOOP=500           # (4) sh loop of /bin/true
LAUNCHES=20           # (5) launches of /bin/true per measurement
TCP_BYTES=$((1024 * 1024 * 1024))  # (6) 1 GiB
THREADS=64 THREAD_K=200            # (7) 64 threads x 200 sockets
PROCS=200 PROC_K=100               # (7) 200 processes x 100 sockets
RUN_TIMEOUT=300
if [ "$QUICK" = 1 ]; then
	N_SOCKET=2000 N_SOCKET_K=50 N_GETPPID=100000 N_GETPPID_SLOW=10000
	N_NATIVE=5000 SH_LOOP=50 LAUNCHES=5 TCP_BYTES=$((64 * 1024 * 1024))
	THREAD_K=20 PROC_K=10
fi

# ---- the world -----------------------------------------------------------
# root --veth-- S (server) --veth-- C (the STACK). The server listens on
# SERVER (an address on S's loopback), routed from root and from C: a client
# crosses exactly one veth whichever stack it runs on.
id=$$
NS_C=mstb-c$id
NS_S=mstb-s$id
STACK=/run/netns/$NS_C
V_R=mbr$id V_RS=mbrs$id   # root side, S side of root<->S
V_C=mbc$id V_CS=mbcs$id   # C side,    S side of C<->S
NET_R=198.19.213.0        # /30: .1 root, .2 S
NET_C=198.19.213.4        # /30: .5 C,    .6 S
SERVER=198.19.213.9       # /32 on S's lo
ADDR_R=198.19.213.1 ADDR_RS=198.19.213.2
ADDR_C=198.19.213.5 ADDR_CS=198.19.213.6
PORT=5201
SINK_PID=
TMPD=

cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	if [ -n "$SINK_PID" ]; then
		kill "$SINK_PID" 2>/dev/null
		wait "$SINK_PID" 2>/dev/null
	fi
	ip link del "$V_R" 2>/dev/null
	ip netns del "$NS_C" 2>/dev/null
	ip netns del "$NS_S" 2>/dev/null
	[ -n "$TMPD" ] && rm -rf "$TMPD"
	exit $rc
}
trap cleanup EXIT
trap 'say interrupted; exit 130' INT TERM HUP

must() { "$@" || fatal "failed: $*"; }
world() {
	must ip netns add "$NS_C"
	must ip netns add "$NS_S"
	must ip link add "$V_R" type veth peer name "$V_RS" netns "$NS_S"
	must ip link add "$V_CS" netns "$NS_S" type veth peer name "$V_C" netns "$NS_C"
	# no IPv6 link-local addresses: no router solicitations, no DAD
	must ip link set "$V_R" addrgenmode none
	must ip -n "$NS_S" link set "$V_RS" addrgenmode none
	must ip -n "$NS_S" link set "$V_CS" addrgenmode none
	must ip -n "$NS_C" link set "$V_C" addrgenmode none
	must ip addr add "$ADDR_R/30" dev "$V_R"
	must ip -n "$NS_S" addr add "$ADDR_RS/30" dev "$V_RS"
	must ip -n "$NS_S" addr add "$ADDR_CS/30" dev "$V_CS"
	must ip -n "$NS_C" addr add "$ADDR_C/30" dev "$V_C"
	must ip -n "$NS_S" addr add "$SERVER/32" dev lo
	must ip link set "$V_R" up
	must ip -n "$NS_S" link set lo up
	must ip -n "$NS_S" link set "$V_RS" up
	must ip -n "$NS_S" link set "$V_CS" up
	must ip -n "$NS_C" link set lo up
	must ip -n "$NS_C" link set "$V_C" up
	must ip route add "$SERVER/32" via "$ADDR_RS" dev "$V_R"
	must ip -n "$NS_C" route add "$SERVER/32" via "$ADDR_CS" dev "$V_C"
}

TMPD=$(mktemp -d /tmp/mstack-bench.XXXXXX) || fatal "mktemp failed"
mkdir -p "$BENCH_RESULTS/logs" || fatal "cannot create $BENCH_RESULTS"
rm -f "$BENCH_RESULTS"/logs/*
world
say "world: netns $NS_C (STACK) and $NS_S (server), veths $V_R $V_C"

ip netns exec "$NS_S" "$W" tcp-sink "$SERVER" "$PORT" \
	>"$TMPD/sink.out" 2>"$BENCH_RESULTS/logs/sink.err" &
SINK_PID=$!
for _ in $(seq 50); do
	grep -q listening "$TMPD/sink.out" 2>/dev/null && break
	sleep 0.1
done
grep -q listening "$TMPD/sink.out" || fatal "the TCP sink did not start"

# ---- which stack is which -------------------------------------------------
kv() { # KEY LINE: value of KEY=... in LINE
	local w
	for w in $2; do
		case $w in "$1"=*) printf '%s\n' "${w#*=}"; return 0 ;; esac
	done
	return 1
}
COOKIE_NATIVE=$(kv netns_cookie "$("$W" cookie)")
COOKIE_STACK=$(kv netns_cookie "$(ip netns exec "$NS_C" "$W" cookie)")
[ -n "$COOKIE_NATIVE" ] && [ -n "$COOKIE_STACK" ] &&
	[ "$COOKIE_NATIVE" != "$COOKIE_STACK" ] ||
	fatal "cannot read SO_NETNS_COOKIE (Linux >= 5.14 needed)"

# ---- what is available ----------------------------------------------------
declare -A NA   # variant -> reason it is n/a
probe() { # VARIANT REASON COMMAND...: n/a unless COMMAND succeeds
	local v=$1 why=$2
	shift 2
	timeout -k 2 20 "$@" >/dev/null 2>"$TMPD/probe.err" && return 0
	NA[$v]="$why: $(head -c 200 "$TMPD/probe.err" | head -n 1)"
	return 1
}
if [ ! -x "$MSTACK" ]; then
	for v in mstack-o mstack mstack-ptrace mstack-ptrace-o mstack-v mstack-k; do
		NA[$v]="mstack not built"
	done
elif ! probe mstack "mstack does not run" "$MSTACK" "$STACK" /bin/true; then
	for v in mstack-o mstack-ptrace mstack-ptrace-o mstack-v mstack-k; do
		NA[$v]=${NA[mstack]}
	done
else
	probe mstack-o "-o ipv6 fails" "$MSTACK" -o ipv6 "$STACK" /bin/true
	probe mstack-ptrace "--ptrace-only fails" \
		"$MSTACK" --ptrace-only "$STACK" /bin/true &&
		probe mstack-ptrace-o "--ptrace-only -o ipv6 fails" \
			"$MSTACK" --ptrace-only -o ipv6 "$STACK" /bin/true
	[ -z "${NA[mstack-ptrace]:-}" ] || NA[mstack-ptrace-o]=${NA[mstack-ptrace]}
	probe mstack-v "-v fails" "$MSTACK" -v "$STACK" /bin/true
	probe mstack-k "-k not supported" "$MSTACK" -k "$STACK" /bin/true
fi
probe floor "cannot install a seccomp filter" "$F" /bin/true
probe unotify "no seccomp user notification" "$U" /bin/true
probe unotify-sync "no seccomp user notification" "$U" /bin/true
probe strace-bpf "strace --seccomp-bpf fails" \
	strace --seccomp-bpf -f -e trace=socket -o /dev/null /bin/true

COUNTERS=0
if [ -z "${NA[mstack]:-}" ]; then
	rm -f "$TMPD/c"
	MSTACK_DEBUG_COUNTERS=$TMPD/c "$MSTACK" "$STACK" /bin/true >/dev/null 2>&1
	for _ in $(seq 20); do [ -s "$TMPD/c" ] && break; sleep 0.05; done
	grep -q 'notifications=' "$TMPD/c" 2>/dev/null && COUNTERS=1
fi
for v in "${!NA[@]}"; do say "n/a: $v (${NA[$v]})"; done
[ $COUNTERS = 1 ] || say "n/a: MSTACK_DEBUG_COUNTERS (no counter line written)"

# ---- variants ---------------------------------------------------------------
# Each round runs, per workload, the full list of variants once (rep 1),
# then the variants its targets compare again, reps_of times in all: the
# cheap workloads with tight targets get more samples. Every rep is one
# interleaved sequence; ratios pair the variants of the same rep.
STD="native netns mstack-o mstack mstack-ptrace strace strace-bpf"
variants_of() { # WORKLOAD REP
	if [ "$2" = 1 ]; then
		case $1 in
		socket) echo "$STD mstack-v mstack-k unotify unotify-sync" ;;
		getppid) echo "$STD floor" ;;
		sh-true) echo "$STD floor unotify" ;;
		socket-native) echo "native netns floor mstack-o mstack-ptrace-o strace strace-bpf" ;;
		threads) echo "$STD unotify" ;;
		procs) echo "$STD unotify unotify-sync" ;;
		*) echo "$STD" ;;
		esac
	else
		case $1 in
		socket) echo "native mstack strace-bpf unotify" ;;
		getppid) echo "native floor mstack-o mstack mstack-ptrace" ;;
		socket-native) echo "native floor mstack-o mstack-ptrace-o" ;;
		sh-true) echo "native floor unotify mstack-o mstack" ;;
		launch) echo "netns mstack" ;;
		tcp) echo "native netns mstack-o mstack" ;;
		threads|procs) echo "mstack mstack-ptrace unotify" ;;
		esac
	fi
}
reps_of() { # WORKLOAD ROUND
	[ "$2" = 0 ] && { echo 1; return; }	# warm-up
	case $1 in
	socket-native) echo 8 ;;
	getppid|socket|sh-true|launch|tcp) echo 3 ;;
	threads|procs) echo 2 ;;
	*) echo 1 ;;
	esac
}
prefix() { # VARIANT -> PFX (command prefix), STACK_OF (expected cookie)
	STACK_OF=$COOKIE_STACK
	case $1 in
	native) PFX=(); STACK_OF=$COOKIE_NATIVE ;;
	floor) PFX=("$F"); STACK_OF=$COOKIE_NATIVE ;;
	unotify) PFX=("$U"); STACK_OF=$COOKIE_NATIVE ;;
	unotify-sync) PFX=(env UNOTIFY_SYNC=1 "$U"); STACK_OF=$COOKIE_NATIVE ;;
	netns) PFX=(ip netns exec "$NS_C") ;;
	mstack-o) PFX=("$MSTACK" -o ipv6 "$STACK"); STACK_OF=$COOKIE_NATIVE ;;
	mstack) PFX=("$MSTACK" "$STACK") ;;
	mstack-ptrace) PFX=("$MSTACK" --ptrace-only "$STACK") ;;
	mstack-ptrace-o) PFX=("$MSTACK" --ptrace-only -o ipv6 "$STACK")
		STACK_OF=$COOKIE_NATIVE ;;
	mstack-v) PFX=("$MSTACK" -v "$STACK") ;;
	mstack-k) PFX=("$MSTACK" -k "$STACK") ;;
	strace) PFX=(strace -f -e trace=socket -o /dev/null)
		STACK_OF=$COOKIE_NATIVE ;;
	strace-bpf) PFX=(strace --seccomp-bpf -f -e trace=socket -o /dev/null)
		STACK_OF=$COOKIE_NATIVE ;;
	*) fatal "unknown variant $1" ;;
	esac
}
command_of() { # WORKLOAD VARIANT -> CMD (full command line, prefix included)
	local n
	prefix "$2"
	case $1 in
	socket)
		n=$N_SOCKET
		[ "$2" = mstack-k ] && n=$N_SOCKET_K
		CMD=("${PFX[@]}" "$W" socket inet "$n") ;;
	getppid)
		n=$N_GETPPID
		[ "$2" = strace ] && n=$N_GETPPID_SLOW
		CMD=("${PFX[@]}" "$W" getppid "$n") ;;
	socket-native) CMD=("${PFX[@]}" "$W" socket inet "$N_NATIVE") ;;
	sh-true) CMD=("$T" "${PFX[@]}" sh -c \
		"i=0; while [ \$i -lt $SH_LOOP ]; do /bin/true; i=\$((i+1)); done") ;;
	launch) CMD=("$T" -n "$LAUNCHES" "${PFX[@]}" /bin/true) ;;
	tcp) CMD=("${PFX[@]}" "$W" tcp-send "$SERVER" "$PORT" "$TCP_BYTES") ;;
	threads) CMD=("${PFX[@]}" "$W" threads "$THREADS" "$THREAD_K") ;;
	procs) CMD=("${PFX[@]}" "$W" procs "$PROCS" "$PROC_K") ;;
	*) fatal "unknown workload $1" ;;
	esac
}
is_mstack() { case $1 in mstack*) return 0 ;; esac; return 1; }

CSV=$BENCH_RESULTS/raw.csv
echo "round,rep,workload,variant,metric,value" >"$CSV"
REP=1
emit() { echo "$1,$REP,$2,$3,$4,$5" >>"$CSV"; }
isnum() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }

# run_one ROUND WORKLOAD VARIANT: one measurement; round 0 is a warm-up
run_one() {
	local r=$1 w=$2 v=$3 out rc word k val calls cookie local_ok=1 sum
	local err=$BENCH_RESULTS/logs/$w.$v.err
	if [ -n "${NA[$v]:-}" ]; then
		[ "$r" = 0 ] || emit "$r" "$w" "$v" na 1
		return
	fi
	command_of "$w" "$v"
	rm -f "$TMPD/c"
	out=$(MSTACK_DEBUG_COUNTERS=$TMPD/c \
		timeout -k 5 "$RUN_TIMEOUT" "${CMD[@]}" 2>"$err" </dev/null)
	rc=$?
	out=$(printf '%s\n' "$out" | grep '=' | tail -n 1)
	[ "$r" = 0 ] && return
	if [ $rc != 0 ] || [ -z "$out" ]; then
		say "FAILED (status $rc): $w/$v: ${CMD[*]}  (stderr: $err)"
		emit "$r" "$w" "$v" failed "$rc"
		return
	fi
	for word in $out; do
		k=${word%%=*} val=${word#*=}
		isnum "$val" && emit "$r" "$w" "$v" "$k" "$val"
	done
	# which stack did the sockets land on?
	cookie=$(kv netns_cookie "$out")
	if [ -n "$cookie" ]; then
		[ "$cookie" = "$STACK_OF" ] || local_ok=0
		if [ "$w" = tcp ]; then
			case $STACK_OF in
			"$COOKIE_NATIVE") [ "$(kv local "$out")" = "$ADDR_R" ] || local_ok=0 ;;
			*) [ "$(kv local "$out")" = "$ADDR_C" ] || local_ok=0 ;;
			esac
		fi
		emit "$r" "$w" "$v" valid $local_ok
		[ $local_ok = 1 ] ||
			say "WRONG STACK: $w/$v: cookie $cookie, expected $STACK_OF: ${CMD[*]}"
	fi
	# tracer's own counters: round trips per socket() call
	if [ $COUNTERS = 1 ] && is_mstack "$v"; then
		for _ in $(seq 40); do [ -s "$TMPD/c" ] && break; sleep 0.05; done
		if [ -s "$TMPD/c" ]; then
			cp "$TMPD/c" "$BENCH_RESULTS/logs/$w.$v.counters"
			for k in notifications ptrace_stops injected sockets; do
				sum=$(tr ' ' '\n' <"$TMPD/c" |
					awk -F= -v k="$k" '$1 == k { s += $2 } END { print s + 0 }')
				emit "$r" "$w" "$v" "$k" "$sum"
			done
			calls=$(kv calls "$out")
			if [ -n "$calls" ] && [ "$calls" -gt 0 ]; then
				tr ' ' '\n' <"$TMPD/c" | awk -F= -v c="$calls" '
					$1 == "notifications" || $1 == "ptrace_stops" { s += $2 }
					END { printf "%.4f\n", s / c }' >"$TMPD/rt"
				emit "$r" "$w" "$v" rt_per_call "$(cat "$TMPD/rt")"
			fi
		fi
	fi
}

WORKLOADS="socket getppid socket-native sh-true launch tcp threads procs"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s)
for r in $(seq 0 "$ROUNDS"); do
	if [ "$r" = 0 ]; then say "warm-up round"; else say "round $r of $ROUNDS"; fi
	for w in $WORKLOADS; do
		# interleaved A B C.. A B C..; the starting variant rotates
		for REP in $(seq "$(reps_of "$w" "$r")"); do
			vs=($(variants_of "$w" "$REP"))
			n=${#vs[@]}
			for i in $(seq 0 $((n - 1))); do
				run_one "$r" "$w" "${vs[$(((i + r + REP) % n))]}"
			done
		done
	done
done
elapsed=$(($(date +%s) - start))
say "measured in ${elapsed}s"

# ---- report -------------------------------------------------------------------
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
virt=
grep -qw hypervisor /proc/cpuinfo && virt=" (virtual machine)"
{
	echo "machine=$(uname -srm), $(nproc) CPUs, ${cpu:-unknown CPU}$virt"
	echo "load=load average before the run $load_start, after $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "rounds=$ROUNDS"
	echo "elapsed=${elapsed}s"
	echo "quick=$QUICK"
	echo "mstack=$( [ -x "$MSTACK" ] && "$MSTACK" --version 2>/dev/null | head -n 1)"
	echo "strace=$(strace -V | head -n 1)"
	echo "iproute2=$(ip -V | head -n 1)"
	echo "counters=$COUNTERS"
	echo "params=socket loop $N_SOCKET calls (-k: $N_SOCKET_K); getppid $N_GETPPID calls (plain strace: $N_GETPPID_SLOW); native-family loop $N_NATIVE calls; sh loop $SH_LOOP x /bin/true; $LAUNCHES launches per measurement; TCP $((TCP_BYTES / 1048576)) MiB; $THREADS threads x $THREAD_K sockets; $PROCS processes x $PROC_K sockets"
	for v in "${!NA[@]}"; do echo "na=$v: ${NA[$v]}"; done
} >"$BENCH_RESULTS/meta.txt"
awk -f "$BENCH_SRC/report.awk" "$BENCH_RESULTS/meta.txt" "$CSV" \
	>"$BENCH_RESULTS/report.md" || fatal "report generation failed"
say "report: $BENCH_RESULTS/report.md"
cat "$BENCH_RESULTS/report.md"
