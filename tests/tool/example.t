#!/usr/bin/perl
# The manual's example program (tests/progs/example.c, its file named
# prog.c through #line): the compare lines of its comment, the exit
# summary, and the output file.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'example');
is($r->{exit}, 0, 'exit status 0');

# The three lines of the manual, consecutive and in this order.
my @want = (
    'prog.c:10: size=1600 B (+1600 B), count=100 (+100), average=16 B',
    'prog.c:7: size=800 B (+800 B), count=1 (+1), average=800 B',
    'prog.c:6: size=800 B (+800 B), count=1 (+1), average=800 B',
);
my $want = join("\n", @want);
like($r->{stderr}, qr/^\Q$want\E$/m, 'compare lines exactly as in the manual');
my @raw = grep { /prog\.c:\d+: size=/ } split /\n/, $r->{stderr_raw};
like($raw[0] // '', qr/^==\d+== prog\.c:10: /, 'log lines carry the ==PID== prefix');

# The summary: the program allocates 3200 B in 102 blocks and frees nothing,
# and libc allocates nothing here, so all three lines are equal.
my $s = parse_summary($r->{stderr});
is_deeply($s->{total}, [3200, 102], 'Total: 3,200 bytes in 102 blocks');
is_deeply($s->{peak},  [3200, 102], 'At peak: 3,200 bytes in 102 blocks');
is_deeply($s->{exit},  [3200, 102], 'At exit: 3,200 bytes in 102 blocks');
like($r->{stderr}, qr/^Total:\s+3,200 bytes in 102 blocks$/m, 'Total line format');

# The output file.
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file memsnap.out.<pid> parses') or diag($@);
SKIP: {
    skip 'no output file', 12 unless $m;
    ok($m->{complete}, 'file complete');
    is($m->{header}{pid}, $r->{pid}, 'pid header is the process id');
    like($m->{header}{cmd}, qr{tests/progs/example$}, 'cmd header');
    is($m->{header}{depth}, 12, 'default depth 12');
    my @names = map { "$_->{id}:$_->{name}:$_->{origin}" } @{ $m->{snapshots} };
    is_deeply(\@names, ['1:before:client', '2:after:client', '3:peak:peak', '4:exit:exit'],
              'snapshots before, after, then peak and exit at exit');
    my ($before, $after) = @{ $m->{snapshots} }[0, 1];
    is($after->{bytes} - $before->{bytes},   3200, 'after - before = 3200 B');
    is($after->{blocks} - $before->{blocks}, 102,  'after - before = 102 blocks');
    is($after->{time_b} - $before->{time_b}, 3200, 'TIME-B advanced by 3200');
    my $g = group_snapshot($m, 'after', 'lineno');
    is_deeply([ @$g{qw(prog.c:10 prog.c:7 prog.c:6)} ],
              [ [1600, 100], [800, 1], [800, 1] ], 'sites of "after" by line');
    is_deeply($m->{summary}, { total_bytes => 3200, total_blocks => 102,
                               peak_bytes => 3200, peak_blocks => 102,
                               exit_bytes => 3200, exit_blocks => 102 },
              'summary record');
    my $exit = $m->{snapshots}[-1];
    is_deeply([ $exit->{bytes}, $exit->{blocks} ], [3200, 102], 'exit snapshot');
    is($exit->{peak}, 3200, 'exit snapshot peak');
}
golden_ok(drop_system_frames($r->{stderr}), 'example.stderr.exp', 'log matches golden file');
done_testing();
