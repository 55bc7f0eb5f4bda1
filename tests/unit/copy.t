#!/usr/bin/perl
# Runs the native unit test of memsnap/msn_copy.c (tests/unit/copy_test,
# built by `make check'); it prints TAP itself.
use strict;
use warnings;

my $top  = $ENV{MEMSNAP_TOP_BUILDDIR} // '.';
my $prog = "$top/tests/unit/copy_test";
unless (-x $prog) {
    print "1..0 # SKIP $prog not built\n";
    exit 0;
}
exec($prog) or die "cannot run $prog: $!\n";
