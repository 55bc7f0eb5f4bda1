#!/usr/bin/perl
# A program without debug info (tests/progs/nodebug.c, built without -g):
# blocks are keyed by function and object, line 0 of "alloc_it (nodebug)",
# by line and by file alike.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'nodebug');
is($r->{exit}, 0, 'exit status 0');
my @want = (
    # lineno
    'alloc_it (nodebug):0: size=300 B, count=1, average=300 B',
    'main (nodebug):0: size=200 B, count=1, average=200 B',
    # function
    'alloc_it: size=300 B, count=1, average=300 B',
    'main: size=200 B, count=1, average=200 B',
    # filename: the same as lineno (a frame without line information is
    # line 0 of "fn (objbase)")
    'alloc_it (nodebug):0: size=300 B, count=1, average=300 B',
    'main (nodebug):0: size=200 B, count=1, average=200 B',
);
is_deeply([ stat_lines($r->{stderr}) ], \@want, 'lineno, function and filename statistics');
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
SKIP: {
    skip 'no output file', 3 unless $m;
    # (Frames of the C library may have line information: libc6-dbg.)
    my @lines = map { $_->{line} } grep { $_->{obj} =~ m{/nodebug$} } values %{ $m->{frames} };
    ok(scalar(@lines), 'frames of the program are in the file');
    is_deeply([ grep { $_ != 0 } @lines ], [], 'no frame of the program has line information');
    my $g = group_snapshot($m, 's', 'lineno');
    is_deeply($g, { 'alloc_it (nodebug):0' => [300, 1], 'main (nodebug):0' => [200, 1] },
              'file: the two labels');
}
golden_ok(drop_system_frames($r->{stderr}), 'nodebug.stderr.exp', 'log matches golden file');
done_testing();
