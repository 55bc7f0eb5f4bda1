#!/usr/bin/perl
# Runs the native unit test of memsnap/msn_format.c (tests/unit/format_test.c),
# which prints TAP itself, on the golden table tests/data/format-size.tsv.
use strict;
use warnings;
use MemsnapTest;

exec_unit_test('format_test', srcdir() . '/tests/data/format-size.tsv');
