#!/bin/sh
# Unit test of the layers, without root: every #include "..." in src/ and
# tracer/ names a file of its own folder or of a folder before it in
#   src/net < tracer/abi < tracer/ptrace < tracer/report < tracer/policy
#     < tracer/serve < tracer (tracer.c, tracer.h) < src/cli
# (src/lib uses only itself and src/net), and no modules (NAME.c with
# NAME.h) include each other, directly or around a longer cycle.  Each
# fault is named with its file and include.
cd "${srcdir:-.}" || exit 99

# rank FOLDER: the folder's place in the order; lib for src/lib.
rank() {
	case $1 in
	src/net) echo 0 ;;
	tracer/abi) echo 1 ;;
	tracer/ptrace) echo 2 ;;
	tracer/report) echo 3 ;;
	tracer/policy) echo 4 ;;
	tracer/serve) echo 5 ;;
	tracer) echo 6 ;;
	src/cli) echo 7 ;;
	src/lib) echo lib ;;
	*) echo unknown ;;
	esac
}

# target INCLUDE: the file it names, found as the build finds it (-I src
# -I tracer), or nothing.
target() {
	for _d in src tracer; do
		if [ -f "$_d/$1" ]; then
			echo "$_d/$1"
			return
		fi
	done
}

status=0
edges=$(mktemp) || exit 99
trap 'rm -f "$edges"' EXIT
for file in $(find src tracer -name '*.[ch]' | LC_ALL=C sort); do
	from=$(dirname "$file")
	mine=$(rank "$from")
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file"); do
		to=$(target "$inc")
		if [ -z "$to" ]; then
			echo "FAIL: $file: #include \"$inc\" names no file of src/ or tracer/"
			status=1
			continue
		fi
		its=$(rank "$(dirname "$to")")
		case $mine/$its in
		lib/lib|lib/0) ;;
		lib/*|*/lib|unknown/*|*/unknown)
			echo "FAIL: $file: #include \"$inc\": $(dirname "$to") is not for $from"
			status=1 ;;
		*)
			if [ "$its" -gt "$mine" ]; then
				echo "FAIL: $file: #include \"$inc\" goes up the layers ($from < $(dirname "$to"))"
				status=1
			fi ;;
		esac
		[ "${file%.?}" = "${to%.?}" ] || echo "${file%.?} ${to%.?}" >> "$edges"
	done
done
# tsort names the modules of a cycle on stderr.
if ! tsort "$edges" > /dev/null 2> "$edges.loop"; then
	echo "FAIL: an include cycle between modules:"
	sed -n 's/^tsort: //p' "$edges.loop" | grep -v 'input contains a loop'
	status=1
fi
rm -f "$edges.loop"
[ $status = 0 ] && echo "PASS: every include keeps to the layers, and no module cycle"
exit $status
