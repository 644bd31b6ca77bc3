# Cible: GNU make build (no autotools).
#
#   make              build build/cible, build/libcible.a and build/libcible.so
#                     (the library's API: include/cible.h, docs/bibliotheque.md)
#   make check        rebuild under AddressSanitizer + UBSan in build/san and
#                     run every test suite; ends with "N passed, N failed"
#   make valgrind     the same suites under valgrind memcheck (build/vg)
#   make bench        generate large contracts and time check/eval, echeancier,
#                     and contracts with avenants, cible test, sparse objectives,
#                     diff --mesures, test --bornes and chains of avenants,
#                     and the national portfolio's goals (tests/bench_portfolio.sh),
#                     and cible lsp from an edit to its diagnostics (tests/bench_lsp.sh)
#   make fuzz         build the libFuzzer harnesses of tests/fuzz with clang in
#                     build/fuzz and run each for FUZZ_SECONDS (docs/fuzz.md)
#   make install      PREFIX=/usr/local DESTDIR= (binary, library, header,
#                     pkg-config file, stdlib, docs); make uninstall
#   make clean

CC       ?= cc
OPT      ?= -O2 -g
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR  ?= $(PREFIX)/share
BISON    ?= bison
FLEX     ?= flex
SANITIZE ?=
BUILD    ?= build

STD  := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wundef -Wwrite-strings -Wvla -Wimplicit-fallthrough
# src/ is one folder per stage of the pipeline (docs/architecture.md); every
# folder is on the include path, so a file includes "model.h", not a path.
SRC_DIRS := $(patsubst %/,%,$(sort $(dir $(wildcard src/*/*.c src/*/*.h))))
CPPFLAGS += -Iinclude $(SRC_DIRS:%=-I%) -I$(BUILD)/gen -MMD -MP
CFLAGS   += $(STD) $(OPT) $(WARN)
LDLIBS   += -lutf8proc -lgmp -lnettle $(XLSX_LIBS) $(SHEET_LIBS)
# libxlsxwriter (--format xlsx, src/render/xlsx.c), by its pkg-config file
XLSX_LIBS := $(shell pkg-config --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter)
# libzip and libxml2 (--mesures FICHIER.xlsx, src/data/xlsx_read.c)
SHEET_LIBS := $(shell pkg-config --libs libzip libxml-2.0 2>/dev/null || echo -lzip -lxml2)
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
CPPFLAGS += $(XML_CFLAGS)
ifneq ($(SANITIZE),)
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif
BISONFLAGS := -Wall -Wdangling-alias -Werror

ifndef V
Q_CC  = @printf '  CC      %s\n' $@;
Q_GEN = @printf '  GEN     %s\n' $@;
Q_LD  = @printf '  LD      %s\n' $@;
Q_AR  = @printf '  AR      %s\n' $@;
endif

CMD_SRCS := $(wildcard src/cmd/*.c)
LIB_SRCS := $(filter-out $(CMD_SRCS),$(wildcard src/*/*.c))
CMD_OBJS := $(CMD_SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/parser.o $(BUILD)/obj/lexer.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check unit replay test-run valgrind bench install uninstall clean grammar-report \
        fuzz fuzz-build fuzz-corpus fuzz-parse fuzz-csv fuzz-pipeline fuzz-lsp fuzz-xlsx \
        fuzz-properties

# The library: one set of objects, compiled -fPIC, for both the static
# archive (linked by the CLI, the unit tests and the fuzz replays, which may
# use internal functions: nothing is hidden in it) and the shared library,
# whose version script (src/lib/cible.map) exports the cible_* functions of
# include/cible.h only. The soname follows the major version of the ABI.
LIB_VERSION := $(shell sed -n 's/^\#define CIBLE_VERSION "\(.*\)"/\1/p' include/cible.h)
LIB_SOMAJOR := 0
LIB_SO      := $(BUILD)/libcible.so.$(LIB_VERSION)
LIB_TARGETS := $(BUILD)/libcible.a $(LIB_SO) $(BUILD)/libcible.so.$(LIB_SOMAJOR) \
               $(BUILD)/libcible.so $(BUILD)/cible.pc.in

all: $(BUILD)/cible $(LIB_TARGETS)

$(BUILD)/gen $(BUILD)/obj $(BUILD)/tests:
	@mkdir -p $@

$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: grammar/parser.y | $(BUILD)/gen
	$(Q_GEN)$(BISON) $(BISONFLAGS) --header=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<
$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: grammar/lexer.l $(BUILD)/gen/parser.h | $(BUILD)/gen
	$(Q_GEN)$(FLEX) --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(@D)
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(BUILD)/obj/parser.o: $(BUILD)/gen/parser.c | $(BUILD)/obj $(BUILD)/gen/lexer.h
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(BUILD)/obj/lexer.o: $(BUILD)/gen/lexer.c | $(BUILD)/obj
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# (.fpic: the objects of a build directory made before the library was
# shared were not position independent; this stamp, newer, remakes them once)
$(LIB_OBJS): CFLAGS += -fPIC
$(LIB_OBJS): $(BUILD)/obj/.fpic
$(BUILD)/obj/.fpic: | $(BUILD)/obj
	@touch $@

$(BUILD)/libcible.a: $(LIB_OBJS)
	$(Q_AR)rm -f $@ && ar rcs $@ $^

$(LIB_SO): $(LIB_OBJS) src/lib/cible.map
	$(Q_LD)$(CC) $(LDFLAGS) -shared -Wl,-soname,libcible.so.$(LIB_SOMAJOR) \
	  -Wl,--version-script=src/lib/cible.map -o $@ $(LIB_OBJS) $(LDLIBS)
$(BUILD)/libcible.so.$(LIB_SOMAJOR): $(LIB_SO)
	@ln -sf $(notdir $<) $@
$(BUILD)/libcible.so: $(BUILD)/libcible.so.$(LIB_SOMAJOR)
	@ln -sf $(notdir $<) $@

# cible.pc with the version and what linking this build needs; the prefix
# is filled in by make install. A library built with SANITIZE (make check's
# build/san) needs the sanitizer runtimes in the program that links it: its
# cible.pc says so in Libs, so a program built against that installation
# with pkg-config links (tests/i11_lib.sh installs make check's own build);
# a plain build's cible.pc has no such flag.
$(BUILD)/cible.pc.in: cible.pc.in include/cible.h Makefile | $(BUILD)/obj
	$(Q_GEN)sed -e 's|@VERSION@|$(LIB_VERSION)|' \
	  -e 's| @SANITIZE_LIBS@|$(if $(SANITIZE), -fsanitize=$(SANITIZE))|' $< >$@

# the program alone parses JSON (verifie) with jansson
CLI_LIBS := -ljansson
$(BUILD)/cible: $(CMD_OBJS) $(BUILD)/libcible.a
	$(Q_LD)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CLI_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcible.a | $(BUILD)/tests
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcible.a -lcmocka $(LDLIBS)

unit: $(UNIT_BINS)

# The fuzz harnesses without libFuzzer: tests/fuzz/replay.c gives each a main()
# that runs the files named on its command line (tests/fuzz/regressions/).
REPLAY_BINS := $(BUILD)/tests/replay_parse $(BUILD)/tests/replay_csv $(BUILD)/tests/replay_pipeline \
               $(BUILD)/tests/replay_lsp $(BUILD)/tests/replay_xlsx
# the language server's harness drives the server of the program
# (src/cmd/lsp_server.c), which parses JSON with jansson
LSP_SERVER := src/cmd/lsp_server.c src/cmd/lsp_server.h
$(BUILD)/tests/replay_lsp: tests/fuzz/fuzz_lsp.c tests/fuzz/replay.c tests/fuzz/fuzz_common.h \
                           $(LSP_SERVER) $(BUILD)/libcible.a | $(BUILD)/tests
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	  src/cmd/lsp_server.c $(BUILD)/libcible.a $(LDLIBS) $(CLI_LIBS)
$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_common.h \
                         $(BUILD)/libcible.a | $(BUILD)/tests
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	  $(BUILD)/libcible.a $(LDLIBS)
replay: $(REPLAY_BINS)

# The test suite proper, on whatever BUILD holds.
test-run: $(BUILD)/cible $(LIB_TARGETS) $(UNIT_BINS) $(REPLAY_BINS)
	@bash tests/run.sh $(BUILD)

# What CI and developers run: sanitizer build, every suite, one summary line.
check:
	@$(MAKE) --no-print-directory BUILD=build/san SANITIZE=address,undefined OPT="-O1 -g" test-run

# The whole suite under valgrind's memcheck on a build without sanitizers:
# each run's report goes to build/valgrind/logs, which must stay empty.
valgrind:
	@$(MAKE) --no-print-directory BUILD=build/vg OPT="-O1 -g" build/vg/cible unit replay \
	  build/vg/libcible.so build/vg/cible.pc.in
	@rm -rf build/valgrind/logs && mkdir -p build/valgrind/logs
	@VALGRIND_LOGS=$(CURDIR)/build/valgrind/logs TEST_WRAPPER=$(CURDIR)/tests/valgrind.sh \
	  TEST_TIMEOUT=600 bash tests/run.sh build/vg; rc=$$?; \
	  find build/valgrind/logs -type f -empty -delete; \
	  n=$$(find build/valgrind/logs -type f | wc -l); \
	  if [ "$$n" -gt 0 ]; then echo "valgrind: $$n run(s) with memcheck reports in build/valgrind/logs"; \
	    head -n 40 $$(find build/valgrind/logs -type f | head -n 3); exit 1; fi; \
	  echo "valgrind: no memcheck report"; exit $$rc

bench: $(BUILD)/cible
	@bash tests/bench.sh $(BUILD)
	@bash tests/bench_schedule.sh $(BUILD)
	@bash tests/bench_versions.sh $(BUILD)
	@bash tests/bench_portfolio.sh $(BUILD)
	@bash tests/bench_compare.sh $(BUILD)
	@bash tests/bench_lsp.sh $(BUILD)

grammar-report: | $(BUILD)/gen
	$(BISON) -Wcex --report=all -o $(BUILD)/gen/report.c grammar/parser.y

# The program, the library (static, shared with its soname links), its
# header, its pkg-config file (prefix filled in; stdlibdir names the
# installed standard library), the standard library and the docs.
install: $(BUILD)/cible $(LIB_TARGETS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	           $(DESTDIR)$(DATADIR)/cible/stdlib $(DESTDIR)$(DATADIR)/doc/cible
	install -m 755 $(BUILD)/cible $(DESTDIR)$(BINDIR)/cible
	install -m 644 $(BUILD)/libcible.a $(DESTDIR)$(LIBDIR)/libcible.a
	install -m 755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO))
	ln -sf $(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/libcible.so.$(LIB_SOMAJOR)
	ln -sf libcible.so.$(LIB_SOMAJOR) $(DESTDIR)$(LIBDIR)/libcible.so
	install -m 644 include/cible.h $(DESTDIR)$(INCLUDEDIR)/cible.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	  -e 's|@DATADIR@|$(DATADIR)|' $(BUILD)/cible.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/cible.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/cible.pc
	cp -R stdlib/. $(DESTDIR)$(DATADIR)/cible/stdlib/
	install -m 644 README.md docs/*.md $(DESTDIR)$(DATADIR)/doc/cible/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cible $(DESTDIR)$(LIBDIR)/libcible.a \
	      $(DESTDIR)$(LIBDIR)/libcible.so $(DESTDIR)$(LIBDIR)/libcible.so.$(LIB_SOMAJOR) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/pkgconfig/cible.pc \
	      $(DESTDIR)$(INCLUDEDIR)/cible.h
	rm -rf $(DESTDIR)$(DATADIR)/cible $(DESTDIR)$(DATADIR)/doc/cible

# ------------------------------------------------------------------ fuzzing
# libFuzzer harnesses (tests/fuzz/*.c), built with clang whatever CC is: the
# library is compiled again into build/fuzz/obj with coverage instrumentation
# (fuzzer-no-link) and ASan + UBSan, and the harnesses are linked with
# -fsanitize=fuzzer. The seed corpus is generated from the examples and the
# tests into build/fuzz/corpus/ (never committed); libFuzzer adds what it
# finds there, and writes crashes to build/fuzz/artifacts/.
#
#   make fuzz                   run the three harnesses one after the other,
#                               then the property test with a fresh seed
#   make -j3 fuzz               ... in parallel
#   make fuzz-csv FUZZ_SECONDS=600
#   make fuzz-properties CIBLE_SEED=N   replay the property test's seed N

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 120
FUZZ_DIR     := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# (warnings as errors are the gcc build's job; clang warns differently)
FUZZ_CFLAGS  := $(STD) -O1 -g $(filter-out -Werror,$(WARN)) -Wno-format-nonliteral $(FUZZ_SAN)
FUZZ_CPPFLAGS := -Iinclude $(SRC_DIRS:%=-I%) -I$(FUZZ_DIR)/gen -MMD -MP $(XML_CFLAGS)
FUZZ_NAMES   := parse csv pipeline lsp xlsx
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_OBJS    := $(LIB_SRCS:src/%.c=$(FUZZ_DIR)/obj/%.o) $(FUZZ_DIR)/obj/parser.o $(FUZZ_DIR)/obj/lexer.o
FUZZ_FLAGS   := -dict=tests/fuzz/cible.dict -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
                -print_final_stats=1

$(FUZZ_DIR)/gen $(FUZZ_DIR)/obj:
	@mkdir -p $@

$(FUZZ_DIR)/gen/parser.c $(FUZZ_DIR)/gen/parser.h &: grammar/parser.y | $(FUZZ_DIR)/gen
	$(Q_GEN)$(BISON) $(BISONFLAGS) --header=$(FUZZ_DIR)/gen/parser.h -o $(FUZZ_DIR)/gen/parser.c $<
$(FUZZ_DIR)/gen/lexer.c $(FUZZ_DIR)/gen/lexer.h &: grammar/lexer.l $(FUZZ_DIR)/gen/parser.h | $(FUZZ_DIR)/gen
	$(Q_GEN)$(FLEX) --header-file=$(FUZZ_DIR)/gen/lexer.h -o $(FUZZ_DIR)/gen/lexer.c $<

$(FUZZ_DIR)/obj/%.o: src/%.c | $(FUZZ_DIR)/obj $(FUZZ_DIR)/gen/parser.h $(FUZZ_DIR)/gen/lexer.h
	@mkdir -p $(@D)
	$(Q_CC)$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(FUZZ_DIR)/obj/%.o: $(FUZZ_DIR)/gen/%.c | $(FUZZ_DIR)/obj $(FUZZ_DIR)/gen/lexer.h
	$(Q_CC)$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/libcible.a: $(FUZZ_OBJS)
	$(Q_AR)rm -f $@ && ar rcs $@ $^

$(FUZZ_DIR)/fuzz_lsp: tests/fuzz/fuzz_lsp.c tests/fuzz/fuzz_common.h $(LSP_SERVER) $(FUZZ_DIR)/libcible.a
	$(Q_LD)$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	  src/cmd/lsp_server.c $(FUZZ_DIR)/libcible.a $(LDLIBS) $(CLI_LIBS)
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_DIR)/libcible.a
	$(Q_LD)$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_DIR)/libcible.a $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

# Seeds: every contract for parse; every CSV for csv; for pipeline, every
# contract alone, each CSV after its contract and the "\n====\n" separator,
# and each contract followed by its avenants (the pipeline evaluates them as
# the CLI does, each period with the terms in force then).
fuzz-corpus:
	@mkdir -p $(FUZZ_DIR)/corpus/parse $(FUZZ_DIR)/corpus/csv $(FUZZ_DIR)/corpus/pipeline \
	  $(FUZZ_DIR)/corpus/lsp $(FUZZ_DIR)/corpus/xlsx $(FUZZ_DIR)/artifacts
	@cp tests/fuzz/regressions/lsp/* $(FUZZ_DIR)/corpus/lsp/
	@cp tests/fuzz/regressions/xlsx/* $(FUZZ_DIR)/corpus/xlsx/
	@for f in examples/*.cible tests/errors/*.cible tests/golden/*.cible; do \
	  n=$$(echo "$$f" | tr / _); \
	  cp "$$f" $(FUZZ_DIR)/corpus/parse/$$n; cp "$$f" $(FUZZ_DIR)/corpus/pipeline/$$n; \
	done
	@for f in examples/*.csv tests/errors/*.csv; do \
	  cp "$$f" $(FUZZ_DIR)/corpus/csv/$$(echo "$$f" | tr / _); \
	done
	@cat examples/cpg_2020.cible > $(FUZZ_DIR)/corpus/pipeline/pair_cpg_2020; \
	  printf '\n====\n' >> $(FUZZ_DIR)/corpus/pipeline/pair_cpg_2020; \
	  cat examples/cpg_2020_mesures.csv >> $(FUZZ_DIR)/corpus/pipeline/pair_cpg_2020
	@for f in tests/errors/csv_*.csv; do \
	  n=$(FUZZ_DIR)/corpus/pipeline/pair_$$(basename "$$f" .csv); \
	  { cat tests/fixtures/csv_contrat.cible; printf '\n====\n'; cat "$$f"; } > $$n; \
	done
	@{ cat examples/cafe_cpts.cible examples/cafe_cpts_avenant1.cible; printf '\n====\n'; \
	  cat examples/cafe_cpts_mesures_an2.csv; } > $(FUZZ_DIR)/corpus/pipeline/avenant_cafe_cpts; \
	  cat examples/cog_prado.cible examples/cog_prado_avenant1.cible \
	    > $(FUZZ_DIR)/corpus/pipeline/avenant_cog_prado; \
	  cat tests/golden/ech_avenant_enveloppes.cible tests/golden/ech_avenant_enveloppes_av1.cible \
	    > $(FUZZ_DIR)/corpus/pipeline/avenant_ech_enveloppes

fuzz-parse fuzz-csv fuzz-pipeline fuzz-lsp fuzz-xlsx: fuzz-%: $(FUZZ_DIR)/fuzz_% fuzz-corpus
	@echo "fuzz_$*: $(FUZZ_SECONDS) s"
	@$(FUZZ_DIR)/fuzz_$* $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
	  -artifact_prefix=$(FUZZ_DIR)/artifacts/$*- $(FUZZ_DIR)/corpus/$* \
	  2>$(FUZZ_DIR)/fuzz_$*.log; rc=$$?; \
	  tail -n 30 $(FUZZ_DIR)/fuzz_$*.log | grep -E 'stat::number_of_executed_units|^(==|SUMMARY)'; \
	  echo "fuzz_$*: $$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/fuzz_$*.log) executions, status $$rc (log $(FUZZ_DIR)/fuzz_$*.log)"; \
	  exit $$rc

# The random-contract property test (tests/unit/test_properties.c) of the
# check build, with a fresh seed unless CIBLE_SEED is given; the seed is
# printed first so a failure can be replayed. `make check` runs it with its
# fixed seed.
fuzz-properties:
	@$(MAKE) --no-print-directory BUILD=build/san SANITIZE=address,undefined OPT="-O1 -g" \
	  build/san/tests/test_properties
	@seed=$${CIBLE_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	  echo "test_properties: graine $$seed (rejouer : make fuzz-properties CIBLE_SEED=$$seed)"; \
	  CIBLE_SEED=$$seed build/san/tests/test_properties

fuzz: fuzz-parse fuzz-csv fuzz-pipeline fuzz-lsp fuzz-xlsx fuzz-properties

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d $(BUILD)/tests/*.d $(FUZZ_DIR)/obj/*.d \
                    $(FUZZ_DIR)/obj/*/*.d $(FUZZ_DIR)/*.d)
