# canal build configuration; override on the command line (make PREFIX=...).
VERSION = 0.1.0

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

CC = cc
CXX = c++
AR = ar
PKG_CONFIG = pkg-config
OPT = -O2 -g
WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2
CFLAGS = -std=c11 $(OPT) $(WARNINGS)
# C++ only for lib/phone.cc, libphonenumber's C interface.
CXXWARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wmissing-declarations \
	-Wformat=2
CXXFLAGS = -std=c++17 $(OPT) $(CXXWARNINGS)
# Feature-test macros are set here and nowhere else.
PKGS = jansson libpcre2-8 gmime-3.0 libsodium
CPPFLAGS = -D_GNU_SOURCE -Ilib $(shell $(PKG_CONFIG) --cflags $(PKGS))
LDFLAGS =
# libphonenumber has no .pc file; it brings its own protobuf, ICU and
# abseil.  Programs are linked by $(CC), hence libstdc++ by name.
LDLIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lcsv -lphonenumber -lstdc++ -lm

# WERROR=1 (CI): warnings are errors.  SANITIZE=1: ASan and UBSan, built
# apart under build/sanitize so the two builds never mix objects.
ifeq ($(WERROR),1)
CFLAGS += -Werror
CXXFLAGS += -Werror
endif
ifeq ($(SANITIZE),1)
BUILD = build/sanitize
# GCC's "undefined" leaves out float-cast-overflow (a double beyond the
# integer it is cast to): asked for by name.
SANFLAGS = -fsanitize=address,undefined,float-cast-overflow \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS += $(SANFLAGS)
CXXFLAGS += $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
else
BUILD = build
endif
