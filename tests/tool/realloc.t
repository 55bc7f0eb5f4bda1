#!/usr/bin/perl
# realloc re-attribution and accounting (tests/progs/realloc.c).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'realloc');
is($r->{exit}, 0, 'exit status 0');
my %L = map { $_ => 'realloc.c:' . line_of('realloc.c', $_) } qw(A B C D E);

my @ab = (
    "$L{B}: size=2000 B (+2000 B), count=1 (+1), average=2000 B",
    "$L{A}: size=0 B (-1000 B), count=0 (-1)",
    "$L{E}: size=64 B (+64 B), count=1 (+1), average=64 B",
    "$L{D}: size=0 B (-64 B), count=0 (-1)",
);
my @bc = (
    "$L{B}: size=0 B (-2000 B), count=0 (-1)",
    "$L{C}: size=500 B (+500 B), count=1 (+1), average=500 B",
    "$L{E}: size=64 B (+0 B), count=1 (+0), average=64 B",
);
is_deeply([ stat_lines($r->{stderr}) ], [ @ab, @bc ],
          'compare a->b and b->c: blocks follow their realloc call site');
like($r->{stdout}, qr/^diff a b: bytes=1000 blocks=0$/m,  'DIFF a->b = +1000 B, +0 blocks');
like($r->{stdout}, qr/^diff b c: bytes=-1500 blocks=0$/m, 'DIFF b->c = -1500 B, +0 blocks');
like($r->{stdout}, qr/^current above baseline: 564$/m,    'current = baseline + 564');
like($r->{stdout}, qr/^peak above baseline: 2064$/m,
     'peak = baseline + 2064 (old and new copies never counted together)');

my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
SKIP: {
    skip 'no output file', 4 unless $m;
    my $g = group_snapshot($m, 'c', 'lineno');
    is_deeply($g->{ $L{C} }, [500, 1], 'snapshot c: 500 B at line C');
    is_deeply($g->{ $L{E} }, [64, 1],  'snapshot c: 64 B at line E');
    ok(!$g->{ $L{A} } && !$g->{ $L{B} } && !$g->{ $L{D} }, 'nothing left at A, B, D');
    my $a = snapshot_by_name($m, 'a');
    my $c = snapshot_by_name($m, 'c');
    is($c->{time_b} - $a->{time_b}, 2000 + 64 + 500, 'TIME-B: realloc adds its new size');
}
# The program's allocations only (libc allocates nothing here: stdout has a
# static buffer): each realloc is a new block of its new size.
my $s = parse_summary($r->{stderr});
is_deeply($s->{total}, [3628, 5], 'Total: 1000+64+2000+64+500 B in 5 blocks');
is_deeply($s->{peak},  [2064, 2], 'At peak: 2064 B in 2 blocks');
is_deeply($s->{exit},  [500, 1],  'At exit: 500 B in 1 block');
golden_ok(drop_system_frames($r->{stderr}), 'realloc.stderr.exp', 'log matches golden file');
done_testing();
