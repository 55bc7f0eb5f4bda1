#!/usr/bin/perl
# Four threads allocating at once (tests/progs/threads.c): exact per-thread
# totals.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'threads');
is($r->{exit}, 0, 'exit status 0');
my %L = map { $_ => 'threads.c:' . line_of('threads.c', "T$_") } 0 .. 3;
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
SKIP: {
    skip 'no output file', 6 unless $m;
    my $g = group_snapshot($m, 'joined', 'lineno');
    for my $t (0 .. 3) {
        is_deeply($g->{ $L{$t} }, [ 5 * 1000 * ($t + 1), 5 ],
                  "thread $t: 5 live blocks of " . 1000 * ($t + 1) . " B at its line");
    }
    my $f = group_snapshot($m, 'joined', 'function');
    is_deeply($f->{worker}, [50000, 20], 'function key: worker 50000 B in 20 blocks');
    ok($m->{summary}{total_bytes} >= 100000 && $m->{summary}{total_blocks} >= 40,
       'Total includes the 100000 B in 40 blocks the workers allocated');
}
# STATS("joined", "function"): worker is the biggest entry.
like($r->{stderr}, qr/^worker: size=48\.8 KiB, count=20, average=2500 B$/m,
     'STATS by function: worker 48.8 KiB (50000 B), 20 blocks');
done_testing();
