# SPDX-License-Identifier: GPL-3.0-or-later
#
# hotline / hotlined - GNU make build.
#
#   make            build build/hotline and build/hotlined
#   make check      install missing dependencies, build, run every suite
#   make demo       install missing dependencies, build, run the demo
#   make asan       ASan+UBSan build under build/asan/
#   make install    PREFIX=/usr/local DESTDIR=
#   make V=1        show full command lines
#
# Warnings are errors when CI=true (or WERROR=1).

.SUFFIXES:
.DELETE_ON_ERROR:
# Keep test objects: they are intermediate files of the test_% rules.
.SECONDARY:
.DEFAULT_GOAL := all

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share/hotline
DESTDIR    ?=
BUILD      ?= build
PKG_CONFIG ?= pkg-config
INSTALL    ?= install

CLIENT_PKGS := ncursesw libcurl libcjson readline
SERVER_PKGS := libmicrohttpd libcjson sqlite3 libsodium
TEST_PKGS   := cmocka

ifeq ($(V),1)
Q :=
say = @:
else
Q := @
say = @printf '  %-7s %s\n' $(1) $(2)
endif

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wwrite-strings -Wcast-qual -Wundef \
	-Wno-missing-field-initializers
ifneq ($(filter true 1,$(CI) $(WERROR)),)
WARN += -Werror
endif

OPT      ?= -O2 -g
SAN      ?=
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	-DHOTLINE_VERSION='"$(VERSION)"' -DHOTLINE_DATADIR='"$(DATADIR)"' \
	-I. -I$(BUILD)/gen
CFLAGS   ?=
CFLAGS   += -std=c11 $(OPT) $(WARN) $(SAN) -MMD -MP
LDFLAGS  += $(SAN)

pc_cflags = $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE%,$(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null))
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

# ---- sources, one library per layer --------------------------------------
CORE_SRC    := $(sort $(wildcard core/*.c))
KEYMAPS_SRC := $(sort $(filter-out keymaps/tools/%,$(wildcard keymaps/*.c)))
FORMS_SRC   := $(sort $(wildcard forms/*.c))
NET_SRC     := $(sort $(wildcard net/*.c))
TUI_SRC     := $(sort $(filter-out tui/main.c,$(wildcard tui/*.c)))
SERVER_SRC  := $(sort $(filter-out server/main.c,$(wildcard server/*.c)))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIBCORE    := $(BUILD)/lib/libcore.a
LIBKEYMAPS := $(BUILD)/lib/libkeymaps.a
LIBFORMS   := $(BUILD)/lib/libforms.a
LIBNET     := $(BUILD)/lib/libnet.a
LIBTUI     := $(BUILD)/lib/libtui.a
LIBSERVER  := $(BUILD)/lib/libserver.a

GEN_DEFAULT_RC := $(BUILD)/gen/default_rc.c
# hanzi -> pinyin table, generated from Unihan (Debian's unicode-data).
UNIHAN_READINGS ?= /usr/share/unicode/Unihan_Readings.txt.bz2
GEN_PINYIN := $(if $(wildcard core/tools/gen_pinyin),$(BUILD)/gen/pinyin_data.c)

CLIENT_LIBS = $(LIBTUI) $(LIBNET) $(LIBFORMS) $(LIBKEYMAPS) $(LIBCORE)
CLIENT_LDLIBS = $(call pc_libs,$(CLIENT_PKGS)) -lm
SERVER_LDLIBS = $(call pc_libs,$(SERVER_PKGS)) -lpthread -lm

HOTLINE  := $(BUILD)/hotline
HOTLINED := $(BUILD)/hotlined
KMAPDOC  := $(BUILD)/kmap-doc
# hotline-sim: places calls against hotlined (demos, load tests).
SIM      := $(if $(wildcard server/tools/hotline_sim.c),$(BUILD)/hotline-sim)

UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
MAN_SRC    := $(wildcard man/*.[0-9]) $(wildcard man/*.[0-9].in)
MAN_OUT    := $(patsubst man/%.in,$(BUILD)/man/%,$(patsubst man/%,$(BUILD)/man/%,$(MAN_SRC)))
MAN_OUT    := $(patsubst %.in,%,$(MAN_OUT))

.PHONY: all check demo asan install uninstall clean deps unit man \
	check-run bench distclean

all: $(HOTLINE) $(HOTLINED) $(SIM) man

# ---- compile rules -------------------------------------------------------
# Per-layer include flags: only the layers that may use a library see it.
$(BUILD)/obj/core/%.o: CPPFLAGS_L :=
$(BUILD)/obj/keymaps/%.o: CPPFLAGS_L :=
$(BUILD)/obj/forms/%.o: CPPFLAGS_L :=
$(BUILD)/obj/net/%.o: CPPFLAGS_L = $(call pc_cflags,libcurl libcjson)
$(BUILD)/obj/tui/%.o: CPPFLAGS_L = $(call pc_cflags,ncursesw readline libcurl)
$(BUILD)/obj/server/%.o: CPPFLAGS_L = $(call pc_cflags,$(SERVER_PKGS))
$(BUILD)/obj/server/tools/%.o: CPPFLAGS_L = $(call pc_cflags,libcurl libcjson)
$(BUILD)/obj/tests/%.o: CPPFLAGS_L = $(call pc_cflags,$(TEST_PKGS) $(CLIENT_PKGS) $(SERVER_PKGS))
$(BUILD)/obj/bench/%.o: CPPFLAGS_L = $(call pc_cflags,$(CLIENT_PKGS) $(SERVER_PKGS))
$(BUILD)/obj/$(BUILD)/gen/%.o: CPPFLAGS_L :=

$(BUILD)/obj/%.o: %.c
	$(call say,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CPPFLAGS_L) $(CFLAGS) -c -o $@ $<

$(BUILD)/lib/%.a:
	$(call say,AR,$@)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBCORE): $(call obj,$(CORE_SRC) $(GEN_PINYIN))
$(LIBKEYMAPS): $(call obj,$(KEYMAPS_SRC) $(GEN_DEFAULT_RC))
$(LIBFORMS): $(call obj,$(FORMS_SRC))
$(LIBNET): $(call obj,$(NET_SRC))
$(LIBTUI): $(call obj,$(TUI_SRC))
$(LIBSERVER): $(call obj,$(SERVER_SRC))

# The default key bindings: keymaps/default.hotlinerc compiled in as a string.
$(GEN_DEFAULT_RC): keymaps/default.hotlinerc
	$(call say,GEN,$@)
	@mkdir -p $(@D)
	$(Q){ printf '/* generated from keymaps/default.hotlinerc; do not edit */\n'; \
	  printf 'const char kmap_default_rc[] =\n'; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  printf ';\n'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/pinyin_data.c: core/tools/gen_pinyin $(UNIHAN_READINGS)
	$(call say,GEN,$@)
	@mkdir -p $(@D)
	$(Q)core/tools/gen_pinyin $(UNIHAN_READINGS) > $@.tmp && mv $@.tmp $@

$(HOTLINE): $(call obj,tui/main.c) $(CLIENT_LIBS)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LDLIBS)

$(HOTLINED): $(call obj,server/main.c) $(LIBSERVER) $(LIBCORE)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(SERVER_LDLIBS)

$(BUILD)/hotline-sim: $(call obj,server/tools/hotline_sim.c) $(LIBCORE)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,libcurl libcjson) -lpthread -lm

$(KMAPDOC): $(call obj,keymaps/tools/kmap_doc.c) $(LIBKEYMAPS) $(LIBCORE)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^

# ---- man pages: *.in get the generated key/action table ------------------
man: $(MAN_OUT)

$(BUILD)/man/%: man/%.in $(KMAPDOC)
	$(call say,GEN,$@)
	@mkdir -p $(@D)
	$(Q)$(KMAPDOC) --mdoc-table > $@.table && \
	  awk -v tf="$@.table" '/^\.\\" @ACTION_TABLE@/ { while ((getline l < tf) > 0) print l; next } { print }' $< > $@.tmp && \
	  rm -f $@.table && mv $@.tmp $@

$(BUILD)/man/%: man/%
	@mkdir -p $(@D)
	$(Q)cp $< $@

# ---- tests ---------------------------------------------------------------
# test_tui_*.c may use curses; test_server_*.c link the server library.
$(BUILD)/tests/test_tui_%: $(BUILD)/obj/tests/unit/test_tui_%.o $(CLIENT_LIBS)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LDLIBS) $(call pc_libs,$(TEST_PKGS))

$(BUILD)/tests/test_server_%: $(BUILD)/obj/tests/unit/test_server_%.o $(LIBSERVER) $(LIBCORE)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(SERVER_LDLIBS) $(call pc_libs,$(TEST_PKGS))

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/unit/test_%.o $(LIBNET) $(LIBFORMS) $(LIBKEYMAPS) $(LIBCORE)
	$(call say,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,libcurl libcjson $(TEST_PKGS)) -lm

unit: $(UNIT_BINS)

# Everything `make check` runs: deps first (in this make, before any
# pkg-config lookup matters), then a fresh make for the builds and suites.
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: all unit
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan \
	  SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  OPT='-O1 -g' $(BUILD)/asan/hotline $(BUILD)/asan/hotlined asan-unit
	@BUILD=$(BUILD) tests/run

asan:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan \
	  SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  OPT='-O1 -g' $(BUILD)/asan/hotline $(BUILD)/asan/hotlined asan-unit

.PHONY: asan-unit
asan-unit: $(UNIT_BINS)

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

bench: all
	@bench/run

deps:
	@scripts/deps

# ---- install -------------------------------------------------------------
install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 755 $(HOTLINE) $(DESTDIR)$(BINDIR)/hotline
	$(INSTALL) -m 755 $(HOTLINED) $(DESTDIR)$(SBINDIR)/hotlined
	$(if $(SIM),$(INSTALL) -m 755 $(SIM) $(DESTDIR)$(BINDIR)/hotline-sim)
	for m in $(MAN_OUT); do s=$${m##*.}; \
	  $(INSTALL) -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	cp -R data/. $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hotline $(DESTDIR)$(SBINDIR)/hotlined \
	  $(DESTDIR)$(BINDIR)/hotline-sim
	for m in $(MAN_OUT); do s=$${m##*.}; b=$${m##*/}; \
	  rm -f $(DESTDIR)$(MANDIR)/man$$s/$$b; done
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
