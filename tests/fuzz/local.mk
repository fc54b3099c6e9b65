# The msocket decoder's libFuzzer target (clang with libFuzzer needed).
#   make fuzz                 a short run (FUZZ_SECONDS, default 20)
FUZZ_CC = clang
FUZZ_SECONDS = 20
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

EXTRA_DIST += tests/fuzz/msocket_fuzz.c tests/fuzz/local.mk
CLEANFILES += tests/fuzz/msocket_fuzz tests/fuzz/fuzz.log

tests/fuzz/msocket_fuzz: $(srcdir)/tests/fuzz/msocket_fuzz.c $(srcdir)/tracer/msocket_abi.c
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_FLAGS) -include $(top_builddir)/config.h \
		-I$(srcdir)/tracer -I$(srcdir)/src -o $@ $^

fuzz: tests/fuzz/msocket_fuzz
	tests/fuzz/msocket_fuzz -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-max_len=8192 >tests/fuzz/fuzz.log 2>&1; \
	status=$$?; tail -n 8 tests/fuzz/fuzz.log; exit $$status

.PHONY: fuzz
