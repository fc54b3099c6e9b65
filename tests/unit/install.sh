#!/bin/sh
# Unit test of make install, without root and without touching the
# machine: everything goes below a temporary directory.
#  - make install DESTDIR=D installs exactly the files below (the command,
#    libmsocket shared and static, msocket.h, msocket.pc, both manual
#    pages, the keeper of VDE stacks where built), make uninstall DESTDIR=D leaves no file behind, and neither
#    runs ldconfig: a staged install is not this machine's.
#  - make install with no DESTDIR (into a temporary prefix) runs ldconfig
#    once, and so does make uninstall; a failing ldconfig (no root) is
#    reported and does not fail the install.
# ldconfig is a stand-in script here (make LDCONFIG=...) that records its
# calls.  make check runs it in the top build directory; MAKE may name
# another make than make.
: "${MAKE:=make}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
status=0

fail() {
	echo "FAIL: $*"
	status=1
}

# run MAKE-ARG...: make quietly, its output in $tmp/make.log; its status.
run() {
	# shellcheck disable=SC2086
	env -u MAKEFLAGS -u MFLAGS $MAKE "$@" >"$tmp/make.log" 2>&1 && return 0
	cat "$tmp/make.log"
	return 1
}

# Every directory under one prefix, whatever configure chose.
p=/p
dirs="prefix=$p exec_prefix=$p bindir=$p/bin libdir=$p/lib includedir=$p/include
	datarootdir=$p/share datadir=$p/share mandir=$p/share/man
	pkgconfigdir=$p/lib/pkgconfig libexecdir=$p/libexec"

cat >"$tmp/ldconfig" <<EOF
#!/bin/sh
echo called >>"$tmp/ldconfig.calls"
exit \${LDCONFIG_STATUS:-0}
EOF
chmod +x "$tmp/ldconfig"
calls() {
	[ -f "$tmp/ldconfig.calls" ] && wc -l <"$tmp/ldconfig.calls" || echo 0
}

# files DIR: every file and symbolic link below DIR, relative to it, and
# where a link points.
files() {
	(cd "$1" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort |
		while read -r f; do
			if [ -L "$f" ]; then
				echo "$f -> $(readlink "$f")"
			else
				echo "$f"
			fi
		done)
}

cat >"$tmp/expected" <<EOF
p/bin/mstack
p/include/msocket.h
p/lib/libmsocket.a
p/lib/libmsocket.la
p/lib/libmsocket.so -> libmsocket.so.0.0.0
p/lib/libmsocket.so.0 -> libmsocket.so.0.0.0
p/lib/libmsocket.so.0.0.0
p/lib/pkgconfig/msocket.pc
p/share/man/man1/mstack.1
p/share/man/man3/msocket.3
EOF
# The keeper of VDE stacks, where they are built in.
if grep -q '^#define HAVE_VDESTACK 1' config.h; then
	echo p/libexec/mstack/vde-keeper >>"$tmp/expected"
fi
# The bash completion, where the tree has one.
if [ -f "${srcdir:-.}/completion/mstack.bash" ]; then
	echo p/share/bash-completion/completions/mstack >>"$tmp/expected"
	LC_ALL=C sort -o "$tmp/expected" "$tmp/expected"
fi

# Staged: the exact list, no ldconfig.
dest=$tmp/dest
# shellcheck disable=SC2086
if run install DESTDIR="$dest" $dirs LDCONFIG="$tmp/ldconfig"; then
	files "$dest" >"$tmp/got"
	diff -u "$tmp/expected" "$tmp/got" >"$tmp/diff" ||
		{ cat "$tmp/diff"; fail "make install DESTDIR: not the expected files"; }
	[ -x "$dest$p/bin/mstack" ] || fail "make install DESTDIR: mstack is not executable"
	# shellcheck disable=SC2086
	run uninstall DESTDIR="$dest" $dirs LDCONFIG="$tmp/ldconfig" ||
		fail "make uninstall DESTDIR failed"
	files "$dest" >"$tmp/left"
	[ -s "$tmp/left" ] && { cat "$tmp/left"; fail "make uninstall DESTDIR left files behind"; }
	[ "$(calls)" = 0 ] || fail "a staged install or uninstall ran ldconfig"
else
	fail "make install DESTDIR failed"
fi

# On this machine (a temporary prefix standing in for /usr/local).
p=$tmp/machine
dirs=$(echo "$dirs" | sed "s|=/p|=$p|g")
# shellcheck disable=SC2086
if run install DESTDIR= $dirs LDCONFIG="$tmp/ldconfig"; then
	[ "$(calls)" = 1 ] || fail "make install ran ldconfig $(calls) times, not once"
	# shellcheck disable=SC2086
	run uninstall DESTDIR= $dirs LDCONFIG="$tmp/ldconfig" || fail "make uninstall failed"
	[ "$(calls)" = 2 ] || fail "make uninstall did not run ldconfig"
else
	fail "make install (no DESTDIR) failed"
fi
# shellcheck disable=SC2086
if LDCONFIG_STATUS=1 run install DESTDIR= $dirs LDCONFIG="$tmp/ldconfig"; then
	grep -q 'failed: run it as root' "$tmp/make.log" ||
		{ cat "$tmp/make.log"; fail "a failing ldconfig was not reported"; }
else
	fail "a failing ldconfig failed make install"
fi

[ $status = 0 ] && echo "PASS: make install and uninstall, staged and not, with ldconfig where it belongs"
exit $status
