## tests/repo/local.mk: checks of the repository itself, not of the tool:
## that it cites nothing outside itself, that every source file is in
## its directory's local.mk lists (so that `make dist' carries it), and
## that the module map of docs/design.md (and each file's "Called by"
## sentence and includes) matches the sources.  They read the source
## tree only (no Valgrind needed).

TESTS += \
	%D%/dist-lists.t \
	%D%/golden-ok.t \
	%D%/module-map.t \
	%D%/self-contained.t
