#!/usr/bin/perl
# A client killed by SIGSEGV (tests/progs/segv.c): the exit summary is still
# printed and the file is complete.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'segv');
is($r->{signal}, 11, 'Valgrind dies of SIGSEGV like the client');
like($r->{stderr}, qr/^Process terminating with default action of signal 11 \(SIGSEGV\)/m,
     "Valgrind's fatal-signal report");
my $s = parse_summary($r->{stderr});
is_deeply($s, { total => [1234, 1], peak => [1234, 1], exit => [1234, 1] },
          'summary: 1,234 bytes in 1 block, three times');
my $A = 'segv.c:' . line_of('segv.c', 'A');
is_deeply([ exit_stat_lines($r->{stderr}) ], [ "$A: size=1234 B, count=1, average=1234 B" ],
          'top statistics at exit');
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
SKIP: {
    skip 'no output file', 4 unless $m;
    ok($m->{complete}, 'file complete');
    is_deeply([ map { $_->{name} } @{ $m->{snapshots} } ], [ 'before-crash', 'peak', 'exit' ],
              'snapshots before-crash, peak and exit');
    is_deeply([ @{ $m->{snapshots}[-1] }{qw(bytes blocks origin)} ], [ 1234, 1, 'exit' ],
              'exit snapshot');
    is_deeply($m->{summary}, { total_bytes => 1234, total_blocks => 1, peak_bytes => 1234,
                               peak_blocks => 1, exit_bytes => 1234, exit_blocks => 1 },
              'summary record');
}
golden_ok(drop_system_frames($r->{stderr}), 'segv.stderr.exp', 'log matches golden file');
done_testing();
