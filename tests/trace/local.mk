# Tests of the trace options -v, -vv, -k and --log.
# The probes, like those of tests/msocket, see neither src/ nor tracer/.
# Included from the top Makefile.am after tests/msocket/local.mk, whose
# extensions, copy rule and AM_TESTS_ENVIRONMENT these rely on: every
# tests/trace/NAME.test runs on both descriptor paths too.
# Run one by hand:  make check TESTS=tests/trace/format-ptrace.ptrace

trace_tests = \
	tests/trace/format \
	tests/trace/backtrace \
	tests/trace/logfile \
	tests/trace/addresses \
	tests/trace/events \
	tests/trace/blocking \
	tests/trace/escape \
	tests/trace/strace-text

AM_TESTS_ENVIRONMENT += \
	TRPROBES='$(abs_top_builddir)/tests/trace/probes'; \
	export TRPROBES;

trace_scripts = $(trace_tests:=-notify.notify) $(trace_tests:=-ptrace.ptrace)
TESTS += $(trace_scripts)
check_SCRIPTS += $(trace_scripts)
CLEANFILES += $(trace_scripts)
EXTRA_DIST += tests/trace/trace.sh $(trace_tests:=.test) tests/trace/probes/.gitignore

check_PROGRAMS += \
	tests/trace/probes/frames \
	tests/trace/probes/tcalls \
	tests/trace/probes/storm \
	tests/trace/probes/netcalls
# -k must find both functions by name: debug information, frame pointers,
# no optimisation (the source also keeps them whole if CFLAGS has -O2).
tests_trace_probes_frames_SOURCES = tests/trace/probes/frames.c
tests_trace_probes_frames_CFLAGS = $(AM_CFLAGS) -g -O0 -fno-omit-frame-pointer
tests_trace_probes_tcalls_SOURCES = tests/trace/probes/tcalls.c \
	tests/msocket/probes/vcall.c tests/msocket/probes/vcall.h \
	tests/msocket/probes/msprobe.c tests/msocket/probes/msprobe.h $(probe_common)
tests_trace_probes_tcalls_CPPFLAGS = \
	-I$(srcdir)/tests/probes -I$(srcdir)/tests/msocket/probes
tests_trace_probes_storm_SOURCES = tests/trace/probes/storm.c $(probe_common)
tests_trace_probes_storm_CPPFLAGS = -I$(srcdir)/tests/probes
tests_trace_probes_netcalls_SOURCES = tests/trace/probes/netcalls.c $(probe_common)
tests_trace_probes_netcalls_CPPFLAGS = -I$(srcdir)/tests/probes
