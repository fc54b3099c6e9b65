# Test suite rules, included from the top Makefile.am.
#
# Every integration script tests/NAME.test runs twice, reported apart:
#   tests/NAME-notify.notify   seccomp user notification path (the default)
#   tests/NAME-ptrace.ptrace   pure-ptrace path (mstack --ptrace-only)
# The two are copies of NAME.test made in the build tree, named apart so
# that each has its own log; the log compiler of each extension sets
# MSTACK_EXTRA, which tests/lib.sh puts right after "mstack".
# Run one by hand:  make check TESTS=tests/families-ptrace.ptrace
# The tests need root and "ip netns"; without them they SKIP.

mstack_tests = \
	tests/ipaddr \
	tests/families \
	tests/verbose \
	tests/tcp-client \
	tests/null \
	tests/native \
	tests/socketpair \
	tests/fdnum \
	tests/flags \
	tests/errors \
	tests/leak \
	tests/uid \
	tests/threads \
	tests/spawn \
	tests/exec-thread \
	tests/daemon \
	tests/exit-status \
	tests/usage \
	tests/interactive \
	tests/tracer-kill \
	tests/io-uring \
	tests/listener \
	tests/arg5 \
	tests/tracer-private \
	tests/verbose-error \
	tests/old-kernel \
	tests/abi \
	tests/abi-i386 \
	tests/compat32 \
	tests/fork-kill \
	tests/starve \
	tests/signals

TEST_EXTENSIONS = .notify .ptrace
NOTIFY_LOG_COMPILER = env MSTACK_EXTRA= $(SHELL)
PTRACE_LOG_COMPILER = env MSTACK_EXTRA=--ptrace-only $(SHELL)
AM_TESTS_ENVIRONMENT = \
	MSTACK='$(abs_top_builddir)/mstack'; \
	PROBES='$(abs_top_builddir)/tests/probes'; \
	export MSTACK PROBES;

mstack_scripts = $(mstack_tests:=-notify.notify) $(mstack_tests:=-ptrace.ptrace)
TESTS += $(mstack_scripts)
check_SCRIPTS = $(mstack_scripts)
CLEANFILES += $(check_SCRIPTS)
EXTRA_DIST += tests/lib.sh tests/abi.sh $(mstack_tests:=.test)

# (also for tests/msocket/NAME.test)
tests/%-notify.notify tests/%-ptrace.ptrace: tests/%.test
	$(AM_V_GEN)$(MKDIR_P) $(@D) && cp $< $@

probe_common = tests/probes/common.c tests/probes/common.h
check_PROGRAMS += \
	tests/probes/sockprobe \
	tests/probes/fdnum \
	tests/probes/flags \
	tests/probes/errors \
	tests/probes/leak \
	tests/probes/threads \
	tests/probes/spawn \
	tests/probes/execthread \
	tests/probes/daemon \
	tests/probes/server \
	tests/probes/client \
	tests/probes/ptydrive \
	tests/probes/iouring \
	tests/probes/listener \
	tests/probes/arg5 \
	tests/probes/abi \
	tests/probes/status \
	tests/probes/hostile \
	tests/probes/sysfail
tests_probes_sockprobe_SOURCES = tests/probes/sockprobe.c $(probe_common)
tests_probes_fdnum_SOURCES = tests/probes/fdnum.c $(probe_common)
tests_probes_flags_SOURCES = tests/probes/flags.c $(probe_common)
tests_probes_errors_SOURCES = tests/probes/errors.c $(probe_common)
tests_probes_leak_SOURCES = tests/probes/leak.c $(probe_common)
tests_probes_threads_SOURCES = tests/probes/threads.c $(probe_common)
tests_probes_spawn_SOURCES = tests/probes/spawn.c $(probe_common)
tests_probes_execthread_SOURCES = tests/probes/execthread.c $(probe_common)
tests_probes_daemon_SOURCES = tests/probes/daemon.c $(probe_common)
tests_probes_server_SOURCES = tests/probes/server.c $(probe_common)
tests_probes_client_SOURCES = tests/probes/client.c $(probe_common)
tests_probes_ptydrive_SOURCES = tests/probes/ptydrive.c $(probe_common)
tests_probes_iouring_SOURCES = tests/probes/iouring.c $(probe_common)
tests_probes_listener_SOURCES = tests/probes/listener.c $(probe_common)
tests_probes_arg5_SOURCES = tests/probes/arg5.c $(probe_common)
tests_probes_abi_SOURCES = tests/probes/abi.c $(probe_common)
tests_probes_status_SOURCES = tests/probes/status.c $(probe_common)
tests_probes_hostile_SOURCES = tests/probes/hostile.c $(probe_common)
tests_probes_sysfail_SOURCES = tests/probes/sysfail.c $(probe_common)

# 32-bit (i386 ABI) builds of probes, for tests/compat32.
if HAVE_M32
check_PROGRAMS += tests/probes/sockprobe32 tests/probes/socketcall32
tests_probes_sockprobe32_SOURCES = tests/probes/sockprobe.c $(probe_common)
tests_probes_sockprobe32_CFLAGS = $(AM_CFLAGS) -m32
tests_probes_sockprobe32_LDFLAGS = -m32
tests_probes_socketcall32_SOURCES = tests/probes/socketcall.c $(probe_common)
tests_probes_socketcall32_CFLAGS = $(AM_CFLAGS) -m32
tests_probes_socketcall32_LDFLAGS = -m32
endif
EXTRA_DIST += tests/probes/socketcall.c

# Unit tests: plain programs linked with tracer sources, no root needed.
check_PROGRAMS += tests/unit/socketcall
TESTS += tests/unit/socketcall
tests_unit_socketcall_SOURCES = tests/unit/socketcall.c \
	tracer/abi/sockcall.c tracer/ptrace/memory.c

# The include order of the layers (see the script): a shell script.
TESTS += tests/unit/layers.sh
TEST_EXTENSIONS += .sh
SH_LOG_COMPILER = $(SHELL)
EXTRA_DIST += tests/unit/layers.sh
