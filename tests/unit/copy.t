#!/usr/bin/perl
# Runs the native unit test of memsnap/msn_copy.c (tests/unit/copy_test.c),
# which prints TAP itself.
use strict;
use warnings;
use MemsnapTest;

exec_unit_test('copy_test');
