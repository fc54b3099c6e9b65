# libFuzzer targets (clang with libFuzzer needed): the msocket decoder
# and the command line with its LIST parser.
#   make fuzz                 a short run of each (FUZZ_SECONDS, default 20)
FUZZ_CC = clang
FUZZ_SECONDS = 20
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
fuzz_targets = tests/fuzz/msocket_fuzz tests/fuzz/options_fuzz

EXTRA_DIST += tests/fuzz/msocket_fuzz.c tests/fuzz/options_fuzz.c tests/fuzz/local.mk
CLEANFILES += $(fuzz_targets) $(fuzz_targets:=.log)

tests/fuzz/msocket_fuzz: $(srcdir)/tests/fuzz/msocket_fuzz.c $(srcdir)/tracer/abi/msocket_abi.c \
		$(srcdir)/tracer/abi/systable.c
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_FLAGS) -include $(top_builddir)/config.h \
		-I$(srcdir)/tracer -I$(srcdir)/src -o $@ $^

tests/fuzz/options_fuzz: $(srcdir)/tests/fuzz/options_fuzz.c $(srcdir)/src/cli/options.c \
		$(srcdir)/src/net/stack_name.c
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_FLAGS) -include $(top_builddir)/config.h \
		-I$(srcdir)/src -o $@ $^

# Each target runs FUZZ_SECONDS; the run fails if any target fails.
fuzz: $(fuzz_targets)
	@status=0; for t in $(fuzz_targets); do \
		echo "$$t:"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-max_len=8192 >$$t.log 2>&1 || status=1; \
		tail -n 8 $$t.log; \
	done; exit $$status

.PHONY: fuzz
