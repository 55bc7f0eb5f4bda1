#!/usr/bin/perl
# Runs the native unit test of memsnap/msn_format.c (tests/unit/format_test.c),
# which prints TAP itself.
use strict;
use warnings;
use MemsnapTest;

exec_unit_test('format_test');
