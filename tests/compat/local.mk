## tests/compat/local.mk: `make check-compat', the test suite against the
## Valgrind of other Debian suites (tests/compat/run): by default trixie's
## (3.24) and sid's (the newest).  Each suite has its own directory
## compat/SUITE in the build tree: the package, apt's state, and a build
## tree of memsnap configured --with-valgrind against it, where `make check'
## runs.  `make check' itself tests against the Valgrind configure chose.
##   make check-compat COMPAT_SUITES='trixie'    one suite only

COMPAT_SUITES = trixie sid

# Every suite runs, even after one fails; the target fails if any did.
check-compat:
	@failed=; \
	for suite in $(COMPAT_SUITES); do \
	   $(SHELL) $(srcdir)/tests/compat/run $$suite || failed="$$failed $$suite"; \
	done; \
	if test -n "$$failed"; then \
	   echo "check-compat: FAILED for:$$failed"; exit 1; \
	fi; \
	echo "check-compat: passed for $(COMPAT_SUITES)"
.PHONY: check-compat

EXTRA_DIST += tests/compat/run

distclean-local: distclean-local-compat
distclean-local-compat:
	rm -rf compat
.PHONY: distclean-local-compat
