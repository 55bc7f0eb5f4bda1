#!/usr/bin/perl
# The exit summary (docs/memsnap.md, "The exit summary") and --stats-at-exit
# (tests/progs/summary.c).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $L1 = 'summary.c:' . line_of('summary.c', 'L1');
my $L2 = 'summary.c:' . line_of('summary.c', 'L2');

my $r = run_memsnap(prog => 'summary');
is($r->{exit}, 0, 'exit status 0');
my $want = join("\n", 'Total:     1,234,100 bytes in 1,001 blocks',
                      'At peak:   1,234,000 bytes in 1,000 blocks',
                      'At exit:   493,700 bytes in 401 blocks');
like($r->{stderr}, qr/^\Q$want\E$/m, 'the three summary lines, with thousands separators');
is_deeply([ exit_stat_lines($r->{stderr}) ],
          [ "$L1: size=482 KiB, count=400, average=1234 B",
            "$L2: size=100 B, count=1, average=100 B" ], 'top statistics at exit');
# Every allocation of the run, by line: the lines add up to Total.
is_deeply([ most_allocation_lines($r->{stderr}) ],
          [ "$L1: size=1205 KiB, count=1000, average=1234 B",
            "$L2: size=100 B, count=1, average=100 B" ], 'most allocations at exit');
like($r->{stderr}, qr/^Most allocations \(1,234,100 bytes in 1,001 blocks since the start\), top 10 by lineno:$/m,
     'the heading of the most allocations says what they count');
like($r->{stderr}, qr/memsnap\.out\.PID/, 'the output file is named');
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
is_deeply($m && $m->{summary}, { total_bytes => 1234100, total_blocks => 1001,
                                 peak_bytes => 1234000, peak_blocks => 1000,
                                 exit_bytes => 493700, exit_blocks => 401 }, 'summary record');
golden_ok(drop_system_frames($r->{stderr}), 'summary.stderr.exp', 'log matches golden file');

$r = run_memsnap(prog => 'summary', opts => [ '--stats-at-exit=1' ]);
is_deeply([ exit_stat_lines($r->{stderr}) ], [ "$L1: size=482 KiB, count=400, average=1234 B" ],
          '--stats-at-exit=1: one line');
is_deeply([ most_allocation_lines($r->{stderr}) ], [ "$L1: size=1205 KiB, count=1000, average=1234 B" ],
          '--stats-at-exit=1: one line of most allocations');
$r = run_memsnap(prog => 'summary', opts => [ '--stats-at-exit=0' ]);
is_deeply([ exit_stat_lines($r->{stderr}) ], [], '--stats-at-exit=0: no statistics');
is_deeply([ most_allocation_lines($r->{stderr}) ], [], '--stats-at-exit=0: no most allocations');
like($r->{stderr}, qr/^\Q$want\E$/m, '--stats-at-exit=0: the summary is still printed');
$r = run_memsnap(prog => 'summary', opts => [ '--key=function' ]);
is_deeply([ exit_stat_lines($r->{stderr}) ], [ 'main: size=482 KiB, count=401, average=1231 B' ],
          '--key=function: one entry for main (493700 B / 401 = 1231.17 B)');
done_testing();
