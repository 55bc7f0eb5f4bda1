## tests/report/local.mk: tests of memsnap_print alone, on the hand-written,
## commented files of tests/data (no Valgrind needed).  Each golden case is
## listed, with its input and options, in tests/report/ReportTest.pm;
## tests/update-expected rewrites tests/data/*.exp after an intended
## output change (never run by `make check'); tests/report/gen-big-msn
## makes big files for timing (and small ones for the graph tests).

TESTS += \
	%D%/check.t \
	%D%/empty.t \
	%D%/errors.t \
	%D%/fnmatch.t \
	%D%/format-size.t \
	%D%/golden.t \
	%D%/growth.t \
	%D%/html.t \
	%D%/options.t \
	%D%/runs.t \
	%D%/tracemalloc.t \
	%D%/versions.t

EXTRA_DIST += \
	%D%/ReportTest.pm \
	%D%/gen-big-msn \
	$(sort $(wildcard $(srcdir)/tests/data/*.msn $(srcdir)/tests/data/*.exp)) \
	tests/data/format-size.tsv

# Screenshots of the pages of memsnap_print --html, taken by html.t.
CLEANFILES += %D%/html-screenshots/*.png
