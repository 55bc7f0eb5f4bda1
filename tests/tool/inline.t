#!/usr/bin/perl
# An allocation inside an always_inline function of a -O2 program
# (tests/progs/inline.c) is attributed to the inlined function's line and
# name.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'inline');
is($r->{exit}, 0, 'exit status 0');
my %L = map { $_ => line_of('inline.c', $_) } qw(INL CALLINL DIRECT);
my @want = (
    "inline.c:$L{INL}: size=4096 B, count=1, average=4096 B",
    "inline.c:$L{DIRECT}: size=128 B, count=1, average=128 B",
    'make_buf: size=4096 B, count=1, average=4096 B',
    'main: size=128 B, count=1, average=128 B',
    "inline.c:$L{INL}: size=4096 B, count=1, average=4096 B",
    "inline.c:$L{DIRECT}: size=128 B, count=1, average=128 B",
);
is_deeply([ stat_lines($r->{stderr}) ], \@want, 'lineno, function, traceback statistics');
my $tb = join("\n", "inline.c:$L{INL}: size=4096 B, count=1, average=4096 B",
              "    at 0x........: make_buf (inline.c:$L{INL})", "    by 0x........: main (inline.c:$L{CALLINL})");
like($r->{stderr}, qr/^\Q$tb\E$/m, 'traceback: the inlined frame, then main');
golden_ok(drop_system_frames($r->{stderr}), 'inline.stderr.exp', 'log matches golden file');
done_testing();
