#!/usr/bin/perl
# Allocation churn (docs/memsnap.md, "What memsnap measures"): each line's
# allocations and temporary blocks, in the client requests with a measure,
# in the file (format 5) and in memsnap_print --measure, and the bad
# requests (tests/progs/churn.c has the numbers).  Then, on programs that
# never clear, each stack's allocations add up exactly to the exit
# summary's Total.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'churn.c:' . line_of('churn.c', $_) } qw(T K Z R L A);

my $r = run_memsnap(prog => 'churn');
is($r->{exit}, 0, 'exit status 0');
my $log = filter_stderr($r->{stderr});
my $mid_allocated = join("\n",
    "$L{T}: size=31.2 KiB, count=1000, average=32 B",
    "$L{K}: size=1000 B, count=10, average=100 B",
    "$L{R}: size=150 B, count=5, average=30 B",
    "$L{Z}: size=0 B, count=1, average=0 B");
my $want = join("\n",
    "Allocations until #2 'mid' (33,150 bytes in 1,016 blocks since the start) by lineno, 4 of 4 entries:",
    $mid_allocated,
    "Temporary allocations until now (32,150 bytes in 1,005 blocks since the start) by lineno, 2 of 2 entries:",
    "$L{T}: size=31.2 KiB, count=1000, average=32 B",
    "$L{R}: size=150 B, count=5, average=30 B",
    "Allocations between #1 'start' and #2 'mid' (33,150 bytes in 1,016 blocks) by lineno, 4 of 4 entries:",
    $mid_allocated,
    "Allocations between #2 'mid' and now (7 bytes in 1 block) by lineno, 1 of 1 entry:",
    "$L{L}: size=7 B, count=1, average=7 B",
    'memsnap: warning: VALGRIND_MEMSNAP_COMPARE: the first snapshot was taken after the second: '
    . 'give the older one first',
    "memsnap: warning: VALGRIND_MEMSNAP_STATS: key 'lineno,allocated,temporary': give at most one "
    . "of ',allocated' and ',temporary'",
    'memsnap: warning: VALGRIND_MEMSNAP_COMPARE: clear_traces was called between the two snapshots: '
    . 'the allocations between them are not known');
like($log, qr/^\Q$want\E$/m, 'the requests with a measure: headings, lines and warnings');
is_deeply(parse_summary($log), { total => [33160, 1018], peak => [1050, 12], exit => [0, 0] },
          'the exit summary');
is_deeply([ most_allocation_lines($log) ], [ "$L{A}: size=3 B, count=1, average=3 B" ],
          'most allocations at exit: since the clear');
like($log, qr/^Most allocations \(3 bytes in 1 block since the last clear\), top 10 by lineno:$/m,
     'their heading says since the last clear');

# The file: each row's churn, and the snapshots' sums.
my $m = eval { parse_msn($r->{file}) };
ok($m, 'the file parses') or diag($@);
is($m && $m->{format}, 5, 'format version 5');
my %line_of_stack = map {
    my $s = $m->{stacks}{$_};
    ($_ => $m->{frames}{ $s->{frames}[ $s->{attributed} ] }{line});
} keys %{ $m->{stacks} // {} };
# The churn of snapshot NAME by line: "line: alloc bytes/blocks, temp bytes/blocks, live blocks".
sub churn_rows {
    my ($name) = @_;
    my %by_line;
    for my $row (@{ snapshot_by_name($m, $name)->{rows} }) {
        my $l = $line_of_stack{ $row->{stack} };
        $by_line{$l} = "$row->{alloc_bytes}/$row->{alloc_blocks} $row->{temp_bytes}/$row->{temp_blocks} "
                     . "live $row->{blocks}";
    }
    return \%by_line;
}
my %n = map { $_ => line_of('churn.c', $_) } qw(T K Z R L A);
is_deeply(churn_rows('mid'), { $n{T} => '32000/1000 32000/1000 live 0', $n{K} => '1000/10 0/0 live 10',
                               $n{Z} => '0/1 0/0 live 1', $n{R} => '150/5 100/4 live 1' },
          'mid: each line allocated and temporary; rows without live blocks stay');
my $mid = snapshot_by_name($m, 'mid');
is_deeply([ @$mid{qw(alloc_bytes alloc_blocks temp_bytes temp_blocks clears)} ], [33150, 1016, 32100, 1004, 0],
          'mid: the sums and no clear');
is($mid->{alloc_bytes}, $mid->{time_b}, 'mid: without a clear, the allocations are the bytes so far');
is_deeply(churn_rows('exit'), { $n{A} => '3/1 3/1 live 0' }, 'exit: after the clear, only @A');
is_deeply(churn_rows('peak'), { $n{A} => '3/1 0/0 live 1' },
          'peak (after the clear): @A is live there, not yet freed while temporary');
is(snapshot_by_name($m, 'exit')->{clears}, 1, 'exit: one clear');

# memsnap_print --measure prints what the requests printed.
my $path = "$r->{dir}/memsnap.out.$r->{pid}";
my ($tool_stats) = $log =~ /^(Allocations until #2 'mid'.*?)\nTemporary/ms;
my $p = run_print('--stats=mid', '--measure=allocated', $path);
is($p->{stdout}, "$tool_stats\n", 'memsnap_print --stats=mid --measure=allocated: as the request');
$p = run_print('--compare=start,mid', '--key=lineno,allocated', $path);
my ($tool_between) = $log =~ /^(Allocations between #1 'start' and #2 'mid'.*?)\nAllocations between/ms;
is($p->{stdout}, "$tool_between\n",
   'memsnap_print --compare=start,mid --key=lineno,allocated: as the request');
$p = run_print('--compare=mid,exit', '--measure=allocated', $path);
like($p->{stderr}, qr/clear_traces was called between #2 'mid' and #\d+ 'exit'/,
     'memsnap_print: no allocations across the clear');
is($p->{exit}, 1, 'status 1');

# Bad keys at start-up.
my $bad = run_memsnap(prog => 'churn', opts => [ '--key=lineno,allocated' ]);
like($bad->{stderr}, qr/--key takes no measure/, '--key=lineno,allocated is refused');
$bad = run_memsnap(prog => 'churn', opts => [ '--key=lineno,churn' ]);
like($bad->{stderr}, qr/unknown key \(use lineno, filename, function or traceback, optionally followed by ,cumulative and by ,allocated or ,temporary\)/,
     '--key=lineno,churn is refused');

# Nothing allocated between two snapshots, but a block freed while
# temporary: the one with more temporary blocks is the later one.
my $order = run_memsnap(prog => 'churn_order');
my $B = 'churn_order.c:' . line_of('churn_order.c', 'B');
like(filter_stderr($order->{stderr}),
     qr/^\QTemporary allocations between #1 'before' and #2 'after' (4 bytes in 1 block) by lineno, 1 of 1 entry:\E
\Q$B: size=4 B, count=1, average=4 B\E
\Qmemsnap: warning: VALGRIND_MEMSNAP_COMPARE: the first snapshot was taken after the second: give the older one first\E$/m,
     'a temporary free alone orders two snapshots');
my $op = run_print('--compare=after,before', '--measure=temporary', "$order->{dir}/memsnap.out.$order->{pid}");
like($op->{stderr}, qr/#2 'after' was taken after #1 'before': give the older snapshot first/,
     'memsnap_print: the same order');

# Without a clear, the stacks' allocations add up to Total, bytes and blocks.
for my $prog (qw(summary frees realloc example keys)) {
    my $run = run_memsnap(prog => $prog, opts => [ '--stats-at-exit=1000' ]);
    my $f = eval { parse_msn($run->{file}) };
    my $exit = $f && snapshot_by_name($f, 'exit');
    my ($b, $n) = (0, 0);
    for my $row (@{ $exit ? $exit->{rows} : [] }) {
        $b += $row->{alloc_bytes};
        $n += $row->{alloc_blocks};
    }
    is_deeply([ $b, $n ], parse_summary($run->{stderr})->{total},
              "$prog: the stacks' allocations at exit add up to Total");
    # Temporary blocks were freed: in every snapshot (the peak's too, taken
    # as a block freed at once leaves it), none of them is live.
    my @both = grep { $_->{temp_blocks} > $_->{alloc_blocks} - $_->{blocks}
                      || $_->{temp_bytes} > $_->{alloc_bytes} - $_->{bytes} }
               map { @{ $_->{rows} } } @{ $f ? $f->{snapshots} : [] };
    is(scalar(@both), 0, "$prog: no row counts a block both live and temporary");
    my $count = 0;
    $count += $_ for map { /count=(\d+)/ } most_allocation_lines(filter_stderr($run->{stderr}));
    is($count, $n, "$prog: the lines of the most allocations count Total's blocks");
}
done_testing();
