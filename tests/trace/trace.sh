# Helpers of the trace tests, sourced after tests/lib.sh.
#
# Environment (set by tests/trace/local.mk):
#   TRPROBES   the directory of the trace probes

TRPROBES=${TRPROBES:-$PWD/tests/trace/probes}
[ -x "$TRPROBES/netcalls" ] || hard_error "trace probes are not built in $TRPROBES"

# traced OUT ERR MSTACK-ARG...: runs mstack MSTACK-ARG... with stdout in
# OUT and stderr in ERR, then waits until its tracer has ended: the tracer
# may still write after COMMAND has exited (the end of a process is
# reported once it is gone). Returns COMMAND's status; the tracer's
# counters (MSTACK_DEBUG_COUNTERS) are left in $counters.
_ntraced=0
traced() {
	_tout=$1 _terr=$2; shift 2
	_ntraced=$((_ntraced + 1))
	counters=$W/counters.$_ntraced
	rm -f "$counters"	# the same name again after a subshell's run
	# shellcheck disable=SC2086
	MSTACK_DEBUG_COUNTERS=$counters $MS "$@" > "$_tout" 2> "$_terr" < /dev/null
	_tst=$?
	_ti=0
	while [ ! -s "$counters" ]; do
		if [ "$_ti" -ge 200 ]; then
			echo "the tracer of mstack $* did not end" >&2
			return 98
		fi
		sleep 0.1
		_ti=$((_ti + 1))
	done
	return "$_tst"
}

# counter NAME: a value from $counters (notifications, ptrace_stops, ...).
counter() { tr ' ' '\n' < "$counters" | sed -n "s/^$1=//p"; }

# sedq TEXT: TEXT quoted for the left side of a sed s### command.
sedq() { printf '%s' "$1" | sed 's/[][\.*^$#]/\\&/g'; }

# Regular expressions of whole report lines (man/mstack.1, VERBOSE OUTPUT).
RE_NAME='[^ :][^:]*'
RE_ERR='-1 E[A-Z0-9]+ \([^()]+\)'
# shellcheck disable=SC2034
RE_CALL="^mstack: [0-9]+/[0-9]+ $RE_NAME: (socket|socketpair|msocket\\[(vuos|pivot_root|_sysctl)\\])\\(.*\\) = ([0-9]+|$RE_ERR) \\[stack [^],]+, (default|msocket path)(: [^]]+)?\\]\$"
# shellcheck disable=SC2034
RE_EVENT="^mstack: [0-9]+/[0-9]+ ($RE_NAME|\\?): \\+\\+\\+ (fork|vfork|clone|thread) [0-9]+ \\+\\+\\+\$|^mstack: [0-9]+/[0-9]+ ($RE_NAME|\\?): \\+\\+\\+ (exec /.*|exited with [0-9]+|killed by [A-Z0-9]+) \\+\\+\\+\$"
# shellcheck disable=SC2034
RE_FRAME='^ > [^ ].*(\(\)|\([^()+]+\+0x[0-9a-f]+\)) \[0x[0-9a-f]+\]$'
