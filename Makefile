# canal - one non-recursive GNU Makefile; everything it makes goes under
# build/ (build/sanitize with SANITIZE=1).  See CONTRIBUTING.md.
include config.mk

LIB_SRC := $(sort $(wildcard lib/*.c lib/formats/*.c lib/presets/*.c))
LIB_CXX_SRC := $(sort $(wildcard lib/*.cc))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(LIB_CXX_SRC:%.cc=$(BUILD)/obj/%.o)
LIB_A := $(BUILD)/lib/libcanal.a
TOOLS := $(sort $(patsubst cmd/%.c,%,$(filter-out cmd/canal.c,$(wildcard cmd/*.c))))
PROGS := $(BUILD)/bin/canal $(TOOLS:%=$(BUILD)/bin/canal-%)
UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MAN1 := man/canal.1 $(TOOLS:%=man/canal-%.1)
MAN5 := $(wildcard man/*.5)
MAN7 := $(wildcard man/*.7)
DEPS := $(LIB_OBJ:.o=.d) $(BUILD)/obj/cmd/canal.d \
	$(TOOLS:%=$(BUILD)/obj/cmd/%.d) $(UNIT_BIN:%=%.d)

all: $(PROGS)

# Assets of the HTML report, embedded at build time (lib/html.c).
ASSETS := $(wildcard lib/assets/*)
$(BUILD)/gen/report_css.h: lib/assets/report.css scripts/embed
	@mkdir -p $(@D)
	scripts/embed report_css lib/assets/report.css > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/lib/html.o: $(BUILD)/gen/report_css.h
$(BUILD)/obj/lib/html.o: CPPFLAGS += -I$(BUILD)/gen

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/bin/canal: $(BUILD)/obj/cmd/canal.o $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS)

$(BUILD)/bin/canal-%: $(BUILD)/obj/cmd/%.o $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS)

$(BUILD)/tests/test-%: tests/unit/test-%.c tests/unit/unit.h $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -MMD -MP -MF $@.d $(LDFLAGS) \
		-o $@ $< $(LIB_A) $(LDLIBS)

deps:
	@scripts/deps

unit: $(UNIT_BIN)

# The README's test command: dependencies, build, unit and golden tests.
check: deps all unit
	BUILD=$(BUILD) tests/run.sh

# Golden tests under valgrind: any leak or memory error fails the test.
memcheck: deps all unit
	BUILD=$(BUILD) tests/run.sh --valgrind

demo: deps all
	@scripts/demo $(BUILD)/bin

# libFuzzer targets, built with clang by scripts/fuzz from the SOURCES:
# line of each tests/fuzz/fuzz-*.c (a new target needs no edit here).
# fuzz-smoke: a fixed number of inputs each, seconds, as CI runs them;
# fuzz: FUZZ_TIME seconds each, keeping the corpus under build/fuzz.
FUZZ_TIME = 60
FUZZ_ENV = FUZZ_CPPFLAGS='$(CPPFLAGS)' FUZZ_LDLIBS='$(LDLIBS)'
fuzz-smoke: deps
	$(FUZZ_ENV) scripts/fuzz --smoke

fuzz: deps
	$(FUZZ_ENV) FUZZ_TIME=$(FUZZ_TIME) scripts/fuzz

.PHONY: fuzz fuzz-smoke

# The README's picture: the demo's HTML report as Chromium draws it.
screenshot: demo
	scripts/browser-check build/demo/report.html docs/report.png

bench: all
	@scripts/deps --bench
	BIN=$(BUILD)/bin scripts/bench
	BIN=$(BUILD)/bin scripts/bench-ingest
	BIN=$(BUILD)/bin scripts/bench-normalize
	BIN=$(BUILD)/bin scripts/bench-stitch
	BIN=$(BUILD)/bin scripts/bench-route
	BIN=$(BUILD)/bin scripts/bench-report

lint: all
	@for f in man/*.[1-9]; do mandoc -Tlint -Wwarning $$f || exit 1; done
	scripts/lint-options $(PROGS)
	bash -n completions/canal.bash
	tests/completions.sh >/dev/null

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7
	install -m 644 completions/canal.bash $(DESTDIR)$(BASHCOMPDIR)/canal
	for t in $(TOOLS); do \
		ln -sf canal $(DESTDIR)$(BASHCOMPDIR)/canal-$$t || exit 1; \
	done
	install -m 644 completions/_canal $(DESTDIR)$(ZSHCOMPDIR)/_canal
	install -m 644 completions/canal.fish $(DESTDIR)$(FISHCOMPDIR)/canal.fish
	for t in $(TOOLS); do \
		ln -sf canal.fish $(DESTDIR)$(FISHCOMPDIR)/canal-$$t.fish || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/canal $(TOOLS:%=$(DESTDIR)$(BINDIR)/canal-%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%)
	rm -f $(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%)
	rm -f $(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%)
	rm -f $(DESTDIR)$(BASHCOMPDIR)/canal $(TOOLS:%=$(DESTDIR)$(BASHCOMPDIR)/canal-%)
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_canal
	rm -f $(DESTDIR)$(FISHCOMPDIR)/canal.fish $(TOOLS:%=$(DESTDIR)$(FISHCOMPDIR)/canal-%.fish)

clean:
	rm -rf build

.PHONY: screenshot all deps unit check memcheck demo bench lint install uninstall clean
.SECONDARY: $(LIB_OBJ) $(TOOLS:%=$(BUILD)/obj/cmd/%.o) $(BUILD)/obj/cmd/canal.o

-include $(DEPS)
