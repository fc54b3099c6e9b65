#!/bin/bash
# The bash completion of completion/mstack.bash, run by bash-completion's
# own machinery: COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT set as
# readline sets them, _mstack called, COMPREPLY checked. Options, the
# items of -o with their signs and after commas, --log's file, STACK
# (a network namespace made here, when root; null, native, paths), the
# command, and the command's own completion (ls: its long options).
# make check runs it with sh:
[ -n "$BASH_VERSION" ] || { command -v bash > /dev/null && exec bash "$0" "$@"; }
[ -n "$BASH_VERSION" ] || { echo "SKIP: needs bash"; exit 77; }
BC=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}
[ -r "$BC" ] || { echo "SKIP: needs bash-completion ($BC)"; exit 77; }
src=$(cd "${srcdir:-.}" && pwd)

# shellcheck disable=SC1090
. "$BC" || { echo "ERROR: cannot load $BC"; exit 99; }
# shellcheck source=/dev/null
. "$src/completion/mstack.bash" || { echo "ERROR: cannot load the completion"; exit 99; }

# Outside a real completion, compopt (options of the completion being
# shown, such as nospace) cannot run.
compopt() { :; }

W=$(mktemp -d) || exit 99
ns=
cleanup() {
	[ -n "$ns" ] && ip netns delete "$ns" 2> /dev/null
	rm -rf "$W"
}
trap cleanup EXIT
cd "$W" || exit 99
touch trace.log nsfile
mkdir ns.d

failed=0 checks=0
# comp LINE: the completions of LINE, the cursor at its end, sorted, one
# per line, once each (a command is found in each PATH directory). The words are split as readline splits them: at blanks, and
# around "=" (a word of its own).
comp() {
	local w
	COMP_WORDS=()
	for w in $1; do
		while [[ $w == *=* ]]; do
			[[ -n ${w%%=*} ]] && COMP_WORDS+=("${w%%=*}")
			COMP_WORDS+=("=")
			w=${w#*=}
		done
		[[ -n $w ]] && COMP_WORDS+=("$w")
	done
	[[ $1 == *[\ =] ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$1
	COMP_POINT=${#1}
	COMPREPLY=()
	_mstack mstack "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort -u
}

# check LINE EXPECTED...: the completions of LINE are EXPECTED, in order.
check() {
	local line=$1 want got
	shift
	checks=$((checks + 1))
	want=$(printf '%s\n' "$@" | LC_ALL=C sort)
	[ $# = 0 ] && want=
	got=$(comp "$line")
	if [ "$got" = "$want" ]; then
		echo "PASS: '$line'"
	else
		echo "FAIL: '$line': got [$(echo "$got" | tr '\n' ' ')]," \
			"want [$(echo "$want" | tr '\n' ' ')]"
		failed=$((failed + 1))
	fi
}

check "mstack --p" --proto= --ptrace-only
check "mstack --ba" --backtrace --backtrace=
check "mstack -o ipv" ipv4 ipv6
check "mstack -o ipv4,-un" ipv4,-unix
check "mstack -o +ne" +netlink
check "mstack --proto=ipv4,+pa" ipv4,+packet
check "mstack -oipv6,b" -oipv6,b -oipv6,bluetooth
check "mstack -vo ir" irda
check "mstack --log=tr" trace.log
check "mstack --log tr" trace.log
check "mstack --backtrace=" 
check "mstack -f 2 nu" null
check "mstack -v na" native
check "mstack -o ip ne" new
check "mstack sl" slirp://
check "mstack --stack-cmd /sbin/ip v" vde://
check "mstack --st" --stack-cmd=
check "mstack --mo" --mount
check "mstack --mount n" new
check "mstack -v --mount v" vde://
check "mstack --mount new ./ns" ./ns.d ./nsfile
check "mstack --mount new ./nsfile xa"
check "mstack ./ns" ./ns.d ./nsfile
check "mstack /dev/net/n" /dev/net/native /dev/net/null
check "mstack blue xarg" xargs
check "mstack blue ls --al" --all --almost-all
check "mstack -o -unix --log=trace.log -k blue ls --al" --all --almost-all
check "mstack -- -o ls --al" --all --almost-all

if [ "$(id -u)" = 0 ] && ip netns add "mstack-comp-$$" 2> /dev/null; then
	ns=mstack-comp-$$
	check "mstack -v mstack-comp-" "$ns"
else
	echo "SKIP: a STACK under /run/netns (needs root and ip netns)"
fi

echo "completion: $checks checks, $failed failed"
[ "$failed" = 0 ]
