## tests/unit/local.mk: native unit tests of the tool's pure C, the
## modules that use no Valgrind service: each is compiled for the build
## machine against a tiny stand-in for the Valgrind headers it includes
## (tests/unit/shim), and its test program prints TAP, run by a .t file.

# The formatter unit test: msn_format.c compiled natively against a tiny
# stand-in for Valgrind's pub_tool_basics.h.
check_PROGRAMS += %D%/format_test
tests_unit_format_test_SOURCES  = %D%/format_test.c memsnap/msn_format.c
tests_unit_format_test_CPPFLAGS = -I$(srcdir)/%D%/shim -I$(srcdir)/memsnap
tests_unit_format_test_CFLAGS   = -g -O2
noinst_HEADERS += %D%/shim/pub_tool_basics.h

# The unit test of realloc's copy and calloc's zeroing, likewise.
check_PROGRAMS += %D%/copy_test
tests_unit_copy_test_SOURCES  = %D%/copy_test.c memsnap/msn_copy.c
tests_unit_copy_test_CPPFLAGS = -I$(srcdir)/%D%/shim -I$(srcdir)/memsnap
tests_unit_copy_test_CFLAGS   = -g -O2
noinst_HEADERS += %D%/shim/pub_tool_libcbase.h

TESTS += \
	%D%/format.t \
	%D%/copy.t
