## python/local.mk: the memsnap Python module (python/memsnap), which reads
## memsnap output files as tracemalloc snapshots (`python3 -m memsnap').
## Installed into $(MSN_PYTHON_MODULEDIR)/memsnap, the module directory of
## the Python configure found (--with-python, --with-python-moduledir);
## nothing is installed with --with-python=no.  The tests (tests/python)
## use the module of the source tree.

msn_python_files = \
	%D%/memsnap/__init__.py \
	%D%/memsnap/__main__.py \
	%D%/memsnap/_cli.py \
	%D%/memsnap/_reader.py \
	%D%/memsnap/_traces.py

EXTRA_DIST += $(msn_python_files)

if MSN_HAVE_PYTHON
msnpythondir = $(MSN_PYTHON_MODULEDIR)/memsnap
msnpython_DATA = $(msn_python_files)
endif
