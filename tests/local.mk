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

# Unit tests: plain programs linked with the sources they test.  They
# need no root, and they run first.  Run them alone:  make check-unit
unit_tests = \
	tests/unit/options \
	tests/unit/stack_name \
	tests/unit/creds_status \
	tests/unit/recv_block \
	tests/unit/socketcall \
	tests/unit/systable \
	tests/unit/filter \
	tests/unit/msocket_decode \
	tests/unit/sockargs
check_PROGRAMS += $(unit_tests)
TESTS += $(unit_tests)
unit_common = tests/unit/unit.c tests/unit/unit.h
unit_bpf = tests/unit/bpf_run.c tests/unit/bpf_run.h
tests_unit_options_SOURCES = tests/unit/options.c $(unit_common) \
	src/cli/options.c src/cli/options.h src/net/stack_name.c src/net/stack_name.h
tests_unit_stack_name_SOURCES = tests/unit/stack_name.c $(unit_common) \
	src/net/stack_name.c src/net/stack_name.h \
	src/net/stack.c src/net/stack.h src/net/netns.c src/net/netns.h \
	src/net/nshelper.c src/net/nshelper.h src/net/sockserve.c src/net/sockserve.h \
	src/net/mounted.c src/net/mounted.h
tests_unit_creds_status_SOURCES = tests/unit/creds_status.c $(unit_common) \
	tracer/policy/creds_status.c tracer/policy/creds_status.h
tests_unit_recv_block_SOURCES = tests/unit/recv_block.c $(unit_common) \
	tracer/abi/recv_block.c tracer/abi/recv_block.h
tests_unit_socketcall_SOURCES = tests/unit/socketcall.c \
	tracer/abi/sockcall.c tracer/abi/systable.c tracer/ptrace/memory.c
tests_unit_systable_SOURCES = tests/unit/systable.c tests/unit/kernel_nr.h \
	tests/unit/kernel_nr_64.c tests/unit/kernel_nr_32.c $(unit_bpf) \
	tracer/abi/filter.c tracer/abi/systable.c
tests_unit_filter_SOURCES = tests/unit/filter.c $(unit_bpf) \
	tracer/abi/filter.c tracer/abi/systable.c
tests_unit_msocket_decode_SOURCES = tests/unit/msocket_decode.c \
	tracer/abi/msocket_abi.c tracer/abi/systable.c
tests_unit_sockargs_SOURCES = tests/unit/sockargs.c $(unit_common) \
	tracer/report/sockargs.c src/net/families.c

# Shell scripts: the include order of the layers, make install into a
# temporary directory, and a program including only <msocket.h> (see
# each script).
unit_scripts = tests/unit/layers.sh tests/unit/install.sh tests/unit/header.sh
TESTS += $(unit_scripts)
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
EXTRA_DIST += $(unit_scripts) tests/unit/msocket_h.c

# The bash completion, through bash-completion (it skips without it); no
# root needed but for one case (a STACK under /run/netns).
TESTS += tests/completion.sh
EXTRA_DIST += tests/completion.sh

check-unit:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(unit_scripts) $(unit_tests)'
.PHONY: check-unit
# Under make -j too: the integration tests of a run wait for its unit tests.
$(filter %-notify.log %-ptrace.log,$(TEST_LOGS)): $(filter $(unit_tests:=.log) $(unit_scripts:.sh=.log),$(TEST_LOGS))

mstack_tests = \
	tests/ipaddr \
	tests/families \
	tests/verbose \
	tests/tcp-client \
	tests/null \
	tests/native \
	tests/ownns \
	tests/regroup \
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
	tests/ownstack \
	tests/newstack \
	tests/mount \
	tests/setuid \
	tests/yama \
	tests/verbose-error \
	tests/old-kernel \
	tests/abi \
	tests/abi-i386 \
	tests/compat32 \
	tests/fork-kill \
	tests/attach-kill \
	tests/starve \
	tests/signals \
	tests/receivers \
	tests/debuggers \
	tests/tracer-death \
	tests/demo \
	tests/vde \
	tests/vde-slirp \
	tests/vde-errors

TEST_EXTENSIONS += .notify .ptrace
NOTIFY_LOG_COMPILER = env MSTACK_EXTRA= $(SHELL)
PTRACE_LOG_COMPILER = env MSTACK_EXTRA=--ptrace-only $(SHELL)
AM_TESTS_ENVIRONMENT = \
	MSTACK='$(abs_top_builddir)/mstack'; \
	PROBES='$(abs_top_builddir)/tests/probes'; \
	MSTACK_VDE_KEEPER='$(abs_top_builddir)/vde-keeper'; \
	CC='$(CC)'; \
	export MSTACK PROBES MSTACK_VDE_KEEPER CC;

mstack_scripts = $(mstack_tests:=-notify.notify) $(mstack_tests:=-ptrace.ptrace)
TESTS += $(mstack_scripts)
check_SCRIPTS = $(mstack_scripts)
CLEANFILES += $(check_SCRIPTS)
EXTRA_DIST += tests/lib.sh tests/abi.sh tests/skipped.sh $(mstack_tests:=.test)

# Once every test is done (check-TESTS, serialised before it also under
# make -j), one line says how many integration tests skipped and why:
# automake counts a skip as no failure, so a run without root, where all
# of them skip, would otherwise look as good as a real one.
check-local: check-TESTS
	@$(SHELL) $(srcdir)/tests/skipped.sh $(TEST_LOGS)

# (also for tests/msocket/NAME.test)
tests/%-notify.notify tests/%-ptrace.ptrace: tests/%.test
	$(AM_V_GEN)$(MKDIR_P) $(@D) && cp $< $@

probe_common = tests/probes/common.c tests/probes/common.h \
	tests/probes/session.c tests/probes/session.h
check_PROGRAMS += \
	tests/probes/sockprobe \
	tests/probes/fdnum \
	tests/probes/flags \
	tests/probes/errors \
	tests/probes/leak \
	tests/probes/threads \
	tests/probes/ownns \
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
	tests/probes/sysfail \
	tests/probes/debuggee \
	tests/probes/getfd \
	tests/probes/ping \
	tests/probes/regroup
tests_probes_sockprobe_SOURCES = tests/probes/sockprobe.c $(probe_common)
tests_probes_fdnum_SOURCES = tests/probes/fdnum.c $(probe_common)
tests_probes_flags_SOURCES = tests/probes/flags.c $(probe_common)
tests_probes_errors_SOURCES = tests/probes/errors.c $(probe_common)
tests_probes_leak_SOURCES = tests/probes/leak.c $(probe_common)
tests_probes_threads_SOURCES = tests/probes/threads.c $(probe_common)
tests_probes_ownns_SOURCES = tests/probes/ownns.c $(probe_common)
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
tests_probes_debuggee_SOURCES = tests/probes/debuggee.c $(probe_common)
tests_probes_getfd_SOURCES = tests/probes/getfd.c $(probe_common)
tests_probes_ping_SOURCES = tests/probes/ping.c $(probe_common)
tests_probes_regroup_SOURCES = tests/probes/regroup.c $(probe_common)

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
