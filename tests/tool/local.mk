## tests/tool/local.mk: the tool's tests.  Each tests/tool/x.t runs client
## programs of tests/progs under ./vg-in-place --tool=memsnap (helpers in
## tests/lib/MemsnapTest.pm) and checks numbers and expected files
## (tests/data/*.exp, rewritten only by tests/update-expected).
## Included from tests/local.mk, which defines MSN_CLIENT_CPPFLAGS and
## MSN_CLIENT_CFLAGS (-g -O0: exact line numbers) for programs without flags
## of their own.

# Client programs.  Sizes, counts and line markers are documented at the top
# of each source.
check_PROGRAMS += \
	tests/progs/example \
	tests/progs/alloc_c \
	tests/progs/alloc_cxx \
	tests/progs/realloc \
	tests/progs/frees \
	tests/progs/keys \
	tests/progs/allocfn \
	tests/progs/depth \
	tests/progs/requests \
	tests/progs/threads \
	tests/progs/fork \
	tests/progs/segv \
	tests/progs/sigkill \
	tests/progs/badreq \
	tests/progs/nodebug \
	tests/progs/inline \
	tests/progs/startstop \
	tests/progs/summary \
	tests/progs/attrib_cxx \
	tests/progs/attrib_libc \
	tests/progs/wrapper \
	tests/progs/churn \
	tests/progs/churn_order

tests_progs_example_SOURCES   = tests/progs/example.c
tests_progs_alloc_c_SOURCES   = tests/progs/alloc_c.c
tests_progs_alloc_cxx_SOURCES = tests/progs/alloc_cxx.cpp
tests_progs_realloc_SOURCES   = tests/progs/realloc.c
tests_progs_frees_SOURCES     = tests/progs/frees.c
tests_progs_keys_SOURCES      = tests/progs/keys.c tests/progs/keys_util.c
tests_progs_allocfn_SOURCES   = tests/progs/allocfn.c
tests_progs_depth_SOURCES     = tests/progs/depth.c
tests_progs_requests_SOURCES  = tests/progs/requests.c
tests_progs_fork_SOURCES      = tests/progs/fork.c
tests_progs_segv_SOURCES      = tests/progs/segv.c
tests_progs_sigkill_SOURCES   = tests/progs/sigkill.c
tests_progs_badreq_SOURCES    = tests/progs/badreq.c
tests_progs_startstop_SOURCES = tests/progs/startstop.c
tests_progs_summary_SOURCES   = tests/progs/summary.c
tests_progs_churn_SOURCES     = tests/progs/churn.c
tests_progs_churn_order_SOURCES = tests/progs/churn_order.c

# Threads, C++ and recursion: the program whose snapshots the tests of
# tests/export export in every format.
check_PROGRAMS += tests/progs/exports
tests_progs_exports_SOURCES  = tests/progs/exports.cpp
tests_progs_exports_CXXFLAGS = $(MSN_CLIENT_CFLAGS) -pthread
tests_progs_exports_LDFLAGS  = -pthread

# Four threads.
tests_progs_threads_SOURCES = tests/progs/threads.c
tests_progs_threads_CFLAGS  = $(MSN_CLIENT_CFLAGS) -pthread
tests_progs_threads_LDFLAGS = -pthread

# No debug information at all: -g0 here, and the linker drops any debug
# sections that a -g in the user's CFLAGS (which come after these flags)
# would still produce.  The symbol table stays.
tests_progs_nodebug_SOURCES = tests/progs/nodebug.c
tests_progs_nodebug_CFLAGS  = -O0 -g0
tests_progs_nodebug_LDFLAGS = -Wl,--strip-debug

# Attribution (tests/tool/attrib.t): C++ at -O2, whose containers allocate
# through inlined library headers; the C library; an allocation wrapper.
tests_progs_attrib_cxx_SOURCES  = tests/progs/attrib_cxx.cpp
tests_progs_attrib_cxx_CXXFLAGS = -g -O2
tests_progs_attrib_libc_SOURCES = tests/progs/attrib_libc.c
tests_progs_wrapper_SOURCES     = tests/progs/wrapper.c

# Optimised, so that make_buf is inlined (tests/local.mk drops -O from the
# user's CFLAGS, so this -O2 stays in force).
tests_progs_inline_SOURCES = tests/progs/inline.c
tests_progs_inline_CFLAGS  = -g -O2

# The CI script of the manual ("A CI job that fails on a memory
# regression"): one program built twice, the second with -DEXTRA (one more
# allocation in its loop).
check_PROGRAMS += tests/progs/regress tests/progs/regress_extra
tests_progs_regress_SOURCES        = tests/progs/regress.c
tests_progs_regress_extra_SOURCES  = tests/progs/regress.c
tests_progs_regress_extra_CPPFLAGS = $(MSN_CLIENT_CPPFLAGS) -DEXTRA

TESTS += \
	tests/tool/ci.t \
	tests/tool/example.t \
	tests/tool/attrib.t \
	tests/tool/attrib-real.t \
	tests/tool/alloc.t \
	tests/tool/realloc.t \
	tests/tool/frees.t \
	tests/tool/keys.t \
	tests/tool/allocfn.t \
	tests/tool/depth.t \
	tests/tool/requests.t \
	tests/tool/threads.t \
	tests/tool/xtree.t \
	tests/tool/fork.t \
	tests/tool/segv.t \
	tests/tool/sigkill.t \
	tests/tool/badreq.t \
	tests/tool/noop.t \
	tests/tool/nodebug.t \
	tests/tool/inline.t \
	tests/tool/options.t \
	tests/tool/startstop.t \
	tests/tool/summary.t \
	tests/tool/churn.t \
	tests/tool/startup.t \
	tests/tool/dhat.t \
	tests/tool/dhat-stacks.t

# The one script that rewrites the expected files (tests/data/*.exp).
EXTRA_DIST += tests/update-expected

# vgdb monitor commands: a toy server driven through a FIFO; and the
# end-to-end tests of memsnap_print against the in-process output.
check_PROGRAMS += tests/progs/vgdb_server tests/progs/e2e_report
tests_progs_vgdb_server_SOURCES = tests/progs/vgdb_server.c
tests_progs_e2e_report_SOURCES  = tests/progs/e2e_report.c tests/progs/keys_util.c
TESTS += \
	tests/tool/vgdb.t \
	tests/tool/vgdb-errors.t \
	tests/tool/monitor-abbrev.t \
	tests/tool/vgdb-busy.t \
	tests/tool/e2e.t \
	tests/tool/e2e-killed.t

# Nothing taken is lost: a file cut at any byte, a full disk, a file size
# limit, forks and execs.
check_PROGRAMS += tests/progs/fill tests/progs/procs tests/progs/names \
	tests/progs/changes
tests_progs_changes_SOURCES = tests/progs/changes.c
tests_progs_fill_SOURCES  = tests/progs/fill.c
tests_progs_procs_SOURCES = tests/progs/procs.c
tests_progs_names_SOURCES = tests/progs/names.c
TESTS += \
	tests/tool/cut.t \
	tests/tool/fsize.t \
	tests/tool/fulldisk.t \
	tests/tool/procs.t \
	tests/tool/names.t \
	tests/tool/delta.t

# The live-block table under random allocations, resizes and frees.
check_PROGRAMS += tests/progs/stress
tests_progs_stress_SOURCES = tests/progs/stress.c tests/progs/selfcheck.h
TESTS += tests/tool/stress.t

# The small-block allocator: classes, alignments, bad addresses, reuse.
check_PROGRAMS += tests/progs/slabs
tests_progs_slabs_SOURCES = tests/progs/slabs.c tests/progs/selfcheck.h
TESTS += tests/tool/slabs.t

# The unwind memo: reused stacks are the unwound ones.  -O2 without frame
# pointers, the code the memo serves (the user's CFLAGS come after).
check_PROGRAMS += tests/progs/unwind
tests_progs_unwind_SOURCES = tests/progs/unwind.c
tests_progs_unwind_CFLAGS  = -g -O2 -fomit-frame-pointer -pthread
check_PROGRAMS += tests/progs/stack_limit
tests_progs_stack_limit_SOURCES = tests/progs/stack_limit.c
tests_progs_stack_limit_CFLAGS  = -g -O2 -fomit-frame-pointer
TESTS += tests/tool/unwind.t

# The peak snapshot and the timeline.
check_PROGRAMS += tests/progs/peak
tests_progs_peak_SOURCES = tests/progs/peak.c
TESTS += tests/tool/peak.t

# Blocks of the client's own allocator (VALGRIND_MALLOCLIKE_BLOCK...).
check_PROGRAMS += tests/progs/custom
tests_progs_custom_SOURCES = tests/progs/custom.c
TESTS += tests/tool/custom.t

# memsnap's self-checks under --sanity-level=3.
TESTS += tests/tool/sanity.t

# The example output in README.md and docs/memsnap.md is the real one.
TESTS += tests/tool/readme.t

# The output file survives a program that closes all its descriptors.
check_PROGRAMS += tests/progs/closefds
tests_progs_closefds_SOURCES = tests/progs/closefds.c
TESTS += tests/tool/closefds.t

# Shadowed snapshots free their tables; a forked child's file skips them.
check_PROGRAMS += tests/progs/ticks
tests_progs_ticks_SOURCES = tests/progs/ticks.c
TESTS += tests/tool/ticks.t

# Periodic snapshots: a server-like program with a slow leak among noise.
check_PROGRAMS += tests/progs/server
tests_progs_server_SOURCES = tests/progs/server.c
TESTS += \
	tests/tool/auto.t \
	tests/tool/auto-bounded.t \
	tests/tool/auto-monitor.t \
	tests/tool/growth.t

# Edge cases of client requests and monitor commands, one scenario per run
# of tests/progs/edges.c.
check_PROGRAMS += tests/progs/edges
tests_progs_edges_SOURCES = tests/progs/edges.c
TESTS += \
	tests/tool/monitor-unknown.t \
	tests/tool/traceback-zero.t \
	tests/tool/limit-width.t \
	tests/tool/past-eof.t \
	tests/tool/name-escape.t \
	tests/tool/peak-moment.t \
	tests/tool/custom-huge.t \
	tests/tool/outfile-errors.t

# The malloc interface at its edges, compared with memcheck and massif of
# the same Valgrind (the releases differ there: docs/memsnap.md).
check_PROGRAMS += tests/progs/mallocapi
tests_progs_mallocapi_SOURCES = tests/progs/mallocapi.cpp
TESTS += tests/tool/mallocapi.t

# configure --with-valgrind refuses an old, missing or incomplete Valgrind.
TESTS += tests/tool/configure.t

# Names over 4,095 characters stay whole (a C++ program).
check_PROGRAMS += tests/progs/longname
tests_progs_longname_SOURCES = tests/progs/longname.cpp
TESTS += tests/tool/longname.t

# A statically linked program: memsnap says it cannot see its allocations.
check_PROGRAMS += tests/progs/static
tests_progs_static_SOURCES = tests/progs/static.c
tests_progs_static_LDFLAGS = -static
TESTS += tests/tool/static.t
