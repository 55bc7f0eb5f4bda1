#!/usr/bin/perl
# --trace-at-start=no with VALGRIND_MEMSNAP_START (tests/progs/startstop.c).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'startstop.c:' . line_of('startstop.c', $_) } qw(PRE POST REALLOC);

my $r = run_memsnap(prog => 'startstop', opts => [ '--trace-at-start=no' ]);
is($r->{exit}, 0, '--trace-at-start=no: exit 0');
is($r->{stdout}, "is_tracing = 0\nstart = 1\nis_tracing = 1\n",
   '--trace-at-start=no: not tracing, START = 1, tracing');
is_deeply([ stat_lines($r->{stderr}) ],
          [ "$L{POST}: size=222 B, count=1, average=222 B",
            "$L{REALLOC}: size=70 B, count=1, average=70 B" ],
          '--trace-at-start=no: the block after START, and the untraced block realloc\'ed after START');
is_deeply(parse_summary($r->{stderr}),
          { total => [292, 2], peak => [292, 2], exit => [292, 2] },
          '--trace-at-start=no: summary 292 B in 2 blocks; freeing the untraced block is ignored');
golden_ok(drop_system_frames($r->{stderr}), 'startstop-no.stderr.exp', '--trace-at-start=no: log matches golden file');

$r = run_memsnap(prog => 'startstop');
is($r->{exit}, 0, 'default: exit 0');
is($r->{stdout}, "is_tracing = 1\nstart = 1\nis_tracing = 1\n", 'default: tracing from the start');
is_deeply([ stat_lines($r->{stderr}) ],
          [ "$L{POST}: size=222 B, count=1, average=222 B",
            "$L{PRE}: size=111 B, count=1, average=111 B",
            "$L{REALLOC}: size=70 B, count=1, average=70 B" ], 'default: all three blocks');
is_deeply(parse_summary($r->{stderr}),
          { total => [453, 4], peak => [403, 3], exit => [292, 2] }, 'default: summary');
done_testing();
