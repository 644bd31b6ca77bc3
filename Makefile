# Cible: GNU make build (no autotools).
#
#   make              build build/cible and build/libcible.a
#   make check        rebuild under AddressSanitizer + UBSan in build/san and
#                     run every test suite; ends with "N passed, N failed"
#   make bench        generate a 10 000-indicator contract and time check/eval
#   make install      PREFIX=/usr/local DESTDIR= (binary, stdlib, docs)
#   make clean

CC       ?= cc
OPT      ?= -O2 -g
PREFIX   ?= /usr/local
DESTDIR  ?=
BISON    ?= bison
FLEX     ?= flex
SANITIZE ?=
BUILD    ?= build

STD  := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wundef -Wwrite-strings -Wvla -Wimplicit-fallthrough
CPPFLAGS += -Isrc -I$(BUILD)/gen -MMD -MP
CFLAGS   += $(STD) $(OPT) $(WARN)
LDLIBS   += -lgmp
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

LIB_SRCS := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/parser.o $(BUILD)/obj/lexer.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check unit test-run bench install uninstall clean grammar-report

all: $(BUILD)/cible

$(BUILD)/gen $(BUILD)/obj $(BUILD)/tests:
	@mkdir -p $@

$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: grammar/parser.y | $(BUILD)/gen
	$(Q_GEN)$(BISON) $(BISONFLAGS) --header=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<
$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: grammar/lexer.l $(BUILD)/gen/parser.h | $(BUILD)/gen
	$(Q_GEN)$(FLEX) --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(BUILD)/obj/parser.o: $(BUILD)/gen/parser.c | $(BUILD)/obj $(BUILD)/gen/lexer.h
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(BUILD)/obj/lexer.o: $(BUILD)/gen/lexer.c | $(BUILD)/obj
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libcible.a: $(LIB_OBJS)
	$(Q_AR)rm -f $@ && ar rcs $@ $^

$(BUILD)/cible: $(BUILD)/obj/main.o $(BUILD)/libcible.a
	$(Q_LD)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcible.a | $(BUILD)/tests
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libcible.a -lcmocka $(LDLIBS)

unit: $(UNIT_BINS)

# The test suite proper, on whatever BUILD holds.
test-run: $(BUILD)/cible $(UNIT_BINS)
	@bash tests/run.sh $(BUILD)

# What CI and developers run: sanitizer build, every suite, one summary line.
check:
	@$(MAKE) --no-print-directory BUILD=build/san SANITIZE=address,undefined OPT="-O1 -g" test-run

bench: $(BUILD)/cible
	@bash tests/bench.sh $(BUILD)

grammar-report: | $(BUILD)/gen
	$(BISON) -Wcex --report=all -o $(BUILD)/gen/report.c grammar/parser.y

install: $(BUILD)/cible
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/cible/stdlib \
	           $(DESTDIR)$(PREFIX)/share/doc/cible
	install -m 755 $(BUILD)/cible $(DESTDIR)$(PREFIX)/bin/cible
	cp -R stdlib/. $(DESTDIR)$(PREFIX)/share/cible/stdlib/
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/cible/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/cible
	rm -rf $(DESTDIR)$(PREFIX)/share/cible $(DESTDIR)$(PREFIX)/share/doc/cible

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)
