## tests/python/local.mk: the tests of the memsnap Python module
## (python/memsnap), run with the Python configure found ($(MSN_PYTHON));
## they skip when there is none.  oracle.t checks memsnap_print and the tool
## against CPython's tracemalloc on the tool's test programs; oracle.py is
## its Python half.

TESTS += \
	%D%/oracle.t

EXTRA_DIST += \
	%D%/oracle.py
