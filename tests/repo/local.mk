## tests/repo/local.mk: checks of the repository itself, not of the tool:
## that it cites nothing outside itself.  They read the source tree only
## (no Valgrind needed).

TESTS += \
	%D%/self-contained.t
