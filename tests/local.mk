## tests/local.mk: TAP test plumbing.  Tests are Perl .t files producing TAP,
## run by automake's tap-driver.sh; `make check' runs them all, and
##   make check TESTS='tests/tool/keys.t'
## runs one.  The same files also run under `prove -I tests/lib'.
##
## For the fragments included at the end (tests/tool/local.mk,
## tests/report/local.mk, tests/unit/local.mk, tests/repo/local.mk):
##   TESTS += %D%/x.t              a TAP test (this file distributes all TESTS)
##   check_PROGRAMS += %D%/progs/x a client program; with no x_CFLAGS /
##                                 x_CPPFLAGS of its own it gets the two
##                                 variables below through AM_CPPFLAGS /
##                                 AM_CFLAGS; a program with its own
##                                 _CPPFLAGS/_CFLAGS must add them itself:
##   MSN_CLIENT_CPPFLAGS           -I for <valgrind/memsnap.h> (build tree) and,
##                                 under --with-valgrind, <valgrind/valgrind.h>
##   MSN_CLIENT_CFLAGS             -g -O0: exact line numbers, no inlining
##   EXTRA_DIST += ...             expected outputs, data files
## Optimisation flags (-O*) in CFLAGS/CXXFLAGS, from configure or from make,
## are dropped for client programs (see the end of this file): a program is
## built -O0 through MSN_CLIENT_CFLAGS, or with whatever -O its own
## x_CFLAGS give it (e.g. a test of inlined frames), and `make check
## CFLAGS=-O2' keeps the line numbers the tests expect.
##
## Environment of every test (absolute paths):
##   MEMSNAP_TOP_BUILDDIR, MEMSNAP_TOP_SRCDIR   top of the build / source tree
##   MEMSNAP_VALGRIND      $(abs_top_builddir)/vg-in-place (runs this tree's tool)
##   MEMSNAP_PRINT         $(abs_top_builddir)/scripts/memsnap_print
##   MEMSNAP_SYSTEM_VALGRIND  the system's valgrind found by configure
##   PERL                  the perl found by configure
##   MEMSNAP_PYTHON        the Python found by configure ('' if none: the
##                         tests of the Python module skip)

MSN_CLIENT_CPPFLAGS = -I$(top_builddir)/include $(VG_CLIENT_CPPFLAGS)
MSN_CLIENT_CFLAGS   = -g -O0

TEST_EXTENSIONS      = .t
T_LOG_DRIVER         = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
T_LOG_COMPILER       = $(PERL)
AM_T_LOG_FLAGS       = -I$(abs_top_srcdir)/%D%/lib
AM_TESTS_ENVIRONMENT = \
	MEMSNAP_TOP_BUILDDIR='$(abs_top_builddir)'; \
	MEMSNAP_TOP_SRCDIR='$(abs_top_srcdir)'; \
	MEMSNAP_VALGRIND='$(abs_top_builddir)/vg-in-place'; \
	MEMSNAP_PRINT='$(abs_top_builddir)/scripts/memsnap_print'; \
	MEMSNAP_SYSTEM_VALGRIND='$(VALGRIND)'; \
	PERL='$(PERL)'; \
	MEMSNAP_PYTHON='$(MSN_PYTHON)'; \
	export MEMSNAP_TOP_BUILDDIR MEMSNAP_TOP_SRCDIR MEMSNAP_VALGRIND \
	       MEMSNAP_PRINT MEMSNAP_SYSTEM_VALGRIND PERL MEMSNAP_PYTHON;

# Automake does not distribute TESTS that are not built; these are scripts.
EXTRA_DIST += $(TESTS)
# Shared Perl helpers of the tests.
EXTRA_DIST += $(sort $(wildcard $(srcdir)/%D%/lib/*.pm))

include $(srcdir)/%D%/tool/local.mk
include $(srcdir)/%D%/report/local.mk
include $(srcdir)/%D%/unit/local.mk
include $(srcdir)/%D%/repo/local.mk
include $(srcdir)/%D%/export/local.mk
include $(srcdir)/%D%/python/local.mk

# Every test runs after the tool, its preload, the in-place directory and
# the report script are built (`make check' builds `all' first anyway; this
# also covers `make tests/x.log').
$(TEST_LOGS): $(valgrindtool_PROGRAMS) .in_place/stamp vg-in-place $(bin_SCRIPTS) $(noinst_DATA)

# Client programs: no optimisation level from the user's flags (see above).
$(check_PROGRAMS): override CFLAGS := $(filter-out -O%,$(CFLAGS))
$(check_PROGRAMS): override CXXFLAGS := $(filter-out -O%,$(CXXFLAGS))

# Files the tests may leave in the build tree.
CLEANFILES += %D%/*/memsnap.out.* %D%/*/*.tmp
