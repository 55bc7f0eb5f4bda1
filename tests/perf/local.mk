## tests/perf/local.mk: the benchmark suite (docs/performance.md).  Never
## run by `make check' (which runs only report.t, the runner's arithmetic
## on a made-up file of runs: it runs no benchmark); the programs are EXTRA_PROGRAMS, built only by
##   make perf            builds them, runs tests/perf/run (all workloads,
##                        all tools, 3 rounds): PERF_ARGS='--rounds=5
##                        --workloads=churn,live --tools=none,massif,memsnap'
##                        passes options to it
##   make perf-measure    builds them, runs tests/perf/measure (snapshot and
##                        compare times, memory per block and per site,
##                        file size per snapshot, memsnap_print on 100 MB):
##                        PERF_MEASURE_ARGS='--quick' for fewer points
##   make perf-python     runs tests/perf/python-load: the memsnap Python
##                        module loading a snapshot of 1,000,000 blocks in
##                        10,000 sites (PERF_PYTHON_ARGS='--blocks=N ...')
## The workloads are built -O2 (with -g), as programs are in real life; the
## Debian programs of the suite (lua5.4, sqlite3, jq, perl, python3, gawk,
## xz) are installed by the runner when it can, and skipped otherwise.

PERF_PROGS = \
	%D%/churn \
	%D%/deep \
	%D%/live \
	%D%/realloc \
	%D%/mix \
	%D%/threads \
	%D%/snapbench
EXTRA_PROGRAMS = $(PERF_PROGS)

TESTS += %D%/report.t

PERF_CFLAGS = -g -O2

%C%_churn_SOURCES     = %D%/churn.c %D%/sites.c %D%/perf.h
%C%_churn_CFLAGS      = $(PERF_CFLAGS)
%C%_deep_SOURCES      = %D%/deep.c %D%/perf.h
%C%_deep_CFLAGS       = $(PERF_CFLAGS)
%C%_live_SOURCES      = %D%/live.c %D%/sites.c %D%/perf.h
%C%_live_CFLAGS       = $(PERF_CFLAGS)
%C%_realloc_SOURCES   = %D%/realloc.c %D%/perf.h
%C%_realloc_CFLAGS    = $(PERF_CFLAGS)
%C%_mix_SOURCES       = %D%/mix.c %D%/perf.h
%C%_mix_CFLAGS        = $(PERF_CFLAGS)
%C%_threads_SOURCES   = %D%/threads.c %D%/sites.c %D%/perf.h
%C%_threads_CFLAGS    = $(PERF_CFLAGS) -pthread
%C%_threads_LDADD     = -lpthread
# The snapshot benchmark uses the client requests of this tree's header.
%C%_snapbench_SOURCES  = %D%/snapbench.c
%C%_snapbench_CPPFLAGS = $(MSN_CLIENT_CPPFLAGS)
%C%_snapbench_CFLAGS   = $(PERF_CFLAGS)
$(%C%_snapbench_OBJECTS): include/valgrind/memsnap.h

EXTRA_DIST += \
	%D%/run \
	%D%/measure \
	%D%/python-load \
	%D%/gen-sites \
	%D%/binary-trees.lua \
	%D%/sqlite.sql \
	%D%/hashes.pl \
	%D%/dicts.py

CLEANFILES += $(PERF_PROGS)

perf: all $(PERF_PROGS)
	$(PERL) $(srcdir)/%D%/run --builddir='$(abs_top_builddir)' $(PERF_ARGS)

perf-measure: all $(PERF_PROGS)
	$(PERL) $(srcdir)/%D%/measure --builddir='$(abs_top_builddir)' \
	  --srcdir='$(abs_top_srcdir)' $(PERF_MEASURE_ARGS)

perf-python:
	@test -n '$(MSN_PYTHON)' || { echo "perf-python: configure found no Python (--with-python)"; exit 1; }
	PYTHONPATH='$(abs_top_srcdir)/python' '$(MSN_PYTHON)' $(srcdir)/%D%/python-load $(PERF_PYTHON_ARGS)

.PHONY: perf perf-measure perf-python
