# Tests of the msocket call, nested mstack and libmsocket.
# Included from the top Makefile.am right after tests/local.mk, whose
# extensions, copy rule and AM_TESTS_ENVIRONMENT these rely on: every
# tests/msocket/NAME.test runs on both descriptor paths too.
# Run one by hand:  make check TESTS=tests/msocket/errors-ptrace.ptrace
#
# The probes that issue the virtual call are written from the documented
# binary interface, so they see neither src/ nor tracer/; the library
# probe and the man page's example are built like a user's program,
# against <msocket.h> and libmsocket.

msocket_tests = \
	tests/msocket/encodings \
	tests/msocket/defaults \
	tests/msocket/errors \
	tests/msocket/outside \
	tests/msocket/nesting \
	tests/msocket/libmsocket \
	tests/msocket/example \
	tests/msocket/uid \
	tests/msocket/limits \
	tests/msocket/owner \
	tests/msocket/scrub \
	tests/msocket/privilege \
	tests/msocket/creds \
	tests/msocket/cgroup \
	tests/msocket/bounds

AM_TESTS_ENVIRONMENT += \
	MSPROBES='$(abs_top_builddir)/tests/msocket/probes'; \
	MSEXAMPLE='$(abs_top_builddir)/tests/msocket/example'; \
	export MSPROBES MSEXAMPLE;

msocket_scripts = $(msocket_tests:=-notify.notify) $(msocket_tests:=-ptrace.ptrace)
TESTS += $(msocket_scripts)
check_SCRIPTS += $(msocket_scripts)
CLEANFILES += $(msocket_scripts)
EXTRA_DIST += $(msocket_tests:=.test)

msocket_probe_common = \
	tests/msocket/probes/msprobe.c tests/msocket/probes/msprobe.h $(probe_common)
msocket_raw_common = \
	tests/msocket/probes/vcall.c tests/msocket/probes/vcall.h $(msocket_probe_common)
msocket_raw_cppflags = -I$(srcdir)/tests/probes -I$(srcdir)/tests/msocket/probes
check_PROGRAMS += \
	tests/msocket/probes/msock \
	tests/msocket/probes/inherit \
	tests/msocket/probes/libprobe \
	tests/msocket/probes/attach \
	tests/msocket/probes/scrub \
	tests/msocket/probes/ident \
	tests/msocket/probes/churn \
	tests/msocket/example
tests_msocket_probes_msock_SOURCES = tests/msocket/probes/msock.c $(msocket_raw_common)
tests_msocket_probes_msock_CPPFLAGS = $(msocket_raw_cppflags)
tests_msocket_probes_inherit_SOURCES = tests/msocket/probes/inherit.c $(msocket_raw_common)
tests_msocket_probes_inherit_CPPFLAGS = $(msocket_raw_cppflags)
tests_msocket_probes_libprobe_SOURCES = tests/msocket/probes/libprobe.c $(msocket_probe_common)
tests_msocket_probes_libprobe_CPPFLAGS = -I$(srcdir)/src/lib $(msocket_raw_cppflags)
tests_msocket_probes_libprobe_LDADD = libmsocket.la
tests_msocket_probes_churn_SOURCES = tests/msocket/probes/churn.c $(msocket_raw_common)
tests_msocket_probes_churn_CPPFLAGS = $(msocket_raw_cppflags)
tests_msocket_probes_attach_SOURCES = tests/msocket/probes/attach.c $(probe_common)
tests_msocket_probes_attach_CPPFLAGS = $(msocket_raw_cppflags)
tests_msocket_probes_scrub_SOURCES = tests/msocket/probes/scrub.c $(msocket_raw_common)
tests_msocket_probes_scrub_CPPFLAGS = $(msocket_raw_cppflags)
tests_msocket_probes_ident_SOURCES = tests/msocket/probes/ident.c $(probe_common)
tests_msocket_probes_ident_CPPFLAGS = $(msocket_raw_cppflags)
tests_msocket_example_SOURCES = tests/msocket/example.c
tests_msocket_example_CPPFLAGS = -I$(srcdir)/src/lib
tests_msocket_example_LDADD = libmsocket.la
