## examples/local.mk: the example of README.md.
##   make example   builds examples/example and runs it under memsnap, in place
## The program is also built by `make check', so that it keeps compiling.

check_PROGRAMS += %D%/example
%D%_example_SOURCES = %D%/example.c

# The object needs <valgrind/memsnap.h> from the build tree; BUILT_SOURCES
# covers `make check' but not `make example'.
%D%/example.$(OBJEXT): include/valgrind/memsnap.h

example: all %D%/example$(EXEEXT)
	./vg-in-place --tool=memsnap %D%/example$(EXEEXT)
.PHONY: example
