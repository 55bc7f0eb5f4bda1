#!/usr/bin/perl
# Frees between snapshots (tests/progs/frees.c): negative diffs, entries gone
# to "size=0 B (-N B), count=0 (-K)".
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'frees');
is($r->{exit}, 0, 'exit status 0');
my %L = map { $_ => 'frees.c:' . line_of('frees.c', $_) } qw(L1 L2 L3);
my @want = (
    # full -> partial
    "$L{L2}: size=0 B (-20.0 KiB), count=0 (-1)",
    "$L{L1}: size=600 B (-400 B), count=6 (-4), average=100 B",
    "$L{L3}: size=3000 B (+0 B), count=1 (+0), average=3000 B",
    # partial -> empty
    "$L{L1}: size=0 B (-600 B), count=0 (-6)",
    "$L{L3}: size=3000 B (+0 B), count=1 (+0), average=3000 B",
    # start -> empty
    "$L{L3}: size=3000 B (+3000 B), count=1 (+1), average=3000 B",
);
is_deeply([ stat_lines($r->{stderr}) ], \@want, 'the three compares');
like($r->{stdout}, qr/^diff full partial: bytes=-20880 blocks=-5$/m, 'DIFF full->partial');
like($r->{stdout}, qr/^diff partial empty: bytes=-600 blocks=-6$/m,  'DIFF partial->empty');
like($r->{stdout}, qr/^diff full start: bytes=-24480 blocks=-12$/m,  'DIFF full->start');

my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
SKIP: {
    skip 'no output file', 3 unless $m;
    my $g = group_snapshot($m, 'partial', 'lineno');
    is_deeply([ @$g{ $L{L1}, $L{L3} } ], [ [600, 6], [3000, 1] ], 'snapshot partial');
    ok(!exists $g->{ $L{L2} }, 'snapshot partial: no site for the freed 20 KiB block');
    my ($full, $empty) = map { snapshot_by_name($m, $_) } qw(full empty);
    is($full->{bytes} - $empty->{bytes}, 21480, 'full - empty = 21480 B');
}
golden_ok(drop_system_frames($r->{stderr}), 'frees.stderr.exp', 'log matches golden file');
done_testing();
