#!/usr/bin/perl
# The memsnap Python module on the hand-written files of tests/data:
# loading, selectors, traces, the 3.8 layout, the pickle of --dump, bad
# files, python3 -m memsnap.  The tests are tests/python/module_test.py,
# which prints TAP; this runs it with the Python configure found.
use strict;
use warnings;
use Test::More;
use MemsnapTest qw(srcdir);
use OracleTest;

need_python();
$ENV{PYTHONPATH} = srcdir() . '/python';
$ENV{PYTHONDONTWRITEBYTECODE} = 1;
exec(python(), srcdir() . '/tests/python/module_test.py', srcdir() . '/tests/data')
    or die "cannot run " . python() . ": $!\n";
