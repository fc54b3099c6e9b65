# The checks of tests/abi.test and tests/abi-i386.test, sourced after
# tests/lib.sh with $doors set: the doors of the abi probe to try.
world

# shellcheck disable=SC2086
"$PROBES/abi" $doors | names > "$W/native"
echo "natively:"; cat "$W/native"

through() { # MSTACK-OPTIONS...: run the probe, keep what is on the host
	# shellcheck disable=SC2086
	ms "$@" "$blue" "$PROBES/abi" $doors > "$W/abi.out" || return 1
	names < "$W/abi.out" | tee "$W/named"
	[ "$(wc -l < "$W/named")" = "$(wc -l < "$W/native")" ] ||
		{ echo "lines missing"; return 1; }
	! grep -v -e ' blue$' -e ' errno=' "$W/named"
}
assert "all families: no socket through another door on the host" through
assert "-o ipv4: no IPv4 socket through another door on the host" through -o ipv4
finish
