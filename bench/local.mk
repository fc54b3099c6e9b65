# Benchmark rules, included from the top Makefile.am.
#
# `make bench` builds the workloads (never part of `make all` or
# `make check`: timings do not gate tests), then runs bench/run.sh, which
# needs root, strace and iproute2. It writes bench/results/report.md and
# bench/results/raw.csv in the build directory.
# Knobs (environment or make variables): BENCH_ROUNDS (default 5),
# BENCH_QUICK=1 (short smoke run).

BENCH_BINS = bench/workload$(EXEEXT) bench/timeit$(EXEEXT) \
	bench/seccomp-floor$(EXEEXT) bench/unotify-floor$(EXEEXT)
EXTRA_PROGRAMS += bench/workload bench/timeit bench/seccomp-floor \
	bench/unotify-floor
CLEANFILES += $(BENCH_BINS)

bench_workload_SOURCES = bench/workload.c tests/probes/session.c tests/probes/session.h
bench_workload_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/tests/probes
bench_timeit_SOURCES = bench/timeit.c
bench_seccomp_floor_SOURCES = bench/seccomp-floor.c
bench_unotify_floor_SOURCES = bench/unotify-floor.c

EXTRA_DIST += bench/run.sh bench/report.awk bench/README.md

.PHONY: bench
bench: $(bin_PROGRAMS) $(BENCH_BINS)
	$(MKDIR_P) bench/results
	MSTACK='$(abs_top_builddir)/mstack$(EXEEXT)' \
	BENCH_BIN='$(abs_top_builddir)/bench' \
	BENCH_SRC='$(abs_top_srcdir)/bench' \
	BENCH_RESULTS='$(abs_top_builddir)/bench/results' \
	BENCH_ROUNDS='$(BENCH_ROUNDS)' BENCH_QUICK='$(BENCH_QUICK)' \
	bash '$(abs_top_srcdir)/bench/run.sh'
