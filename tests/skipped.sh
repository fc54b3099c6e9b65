#!/bin/sh
# skipped.sh LOG...: one line on the integration tests among the test
# logs given (tests/.../NAME-notify.log, NAME-ptrace.log): how many ran,
# how many of them skipped, and why in short (the first "SKIP: " line of
# each log, up to its first ": ").  Without root every integration test
# skips and the suite still passes: this line says so.  "make check"
# runs it once the tests are done (check-local in tests/local.mk); it
# prints nothing when no integration test ran.
for log in "$@"; do
	case $log in *-notify.log|*-ptrace.log) ;; *) continue ;; esac
	trs=${log%.log}.trs
	[ -f "$trs" ] || continue
	if grep -q '^:test-result: SKIP' "$trs"; then
		why=$(sed -n 's/^SKIP: //p' "$log" | head -n 1)
		echo "skip ${why%%: *}"
	else
		echo ran
	fi
done | awk '
	$0 == "ran" { ran++; next }
	{
		why = substr($0, 6)
		if (why == "")
			why = "no reason given"
		if (!(why in count))
			order[++kinds] = why
		count[why]++
		skipped++
	}
	END {
		if (!ran && !skipped)
			exit
		line = "mstack: " skipped + 0 " of " ran + skipped " integration tests skipped"
		for (i = 1; i <= kinds; i++)
			line = line (i == 1 ? ": " : ", ") order[i] \
				(kinds > 1 ? " (" count[order[i]] ")" : "")
		print line
	}'
