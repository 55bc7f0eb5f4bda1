## tests/python/local.mk: the tests of the memsnap Python module
## (python/memsnap), run with the Python configure found ($(MSN_PYTHON));
## they skip when there is none.  oracle.t checks memsnap_print and the tool
## against CPython's tracemalloc on the tool's test programs; oracle.py is
## its Python half.  measure.t checks python3 -m memsnap --measure against
## memsnap_print's.  module.t runs module_test.py, the module's own tests
## on the files of tests/data (it prints TAP).

TESTS += \
	%D%/oracle.t \
	%D%/module.t \
	%D%/measure.t

EXTRA_DIST += \
	%D%/oracle.py \
	%D%/module_test.py
