#!/usr/bin/perl
# Custom blocks of sizes no memory can have (VALGRIND_MALLOCLIKE_BLOCK of
# 2^62+16 bytes four times, one that wraps around the end of the address
# space, a RESIZEINPLACE to 2^62): each refused with one warning line, and
# the totals stay those of the real chunk (tests/progs/edges.c, scenario
# huge-custom).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $H0 = 'edges.c:' . line_of('edges.c', 'H0');
my $r = run_memsnap(prog => 'edges', args => ['huge-custom']);
is($r->{exit}, 0, 'exit status 0');
my %log;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($what, $body) = split /\n/, $part, 2;
    $log{$what} = $body // '';
}
$log{end} =~ s/^\n.*\z//ms;
for my $i (1 .. 4) {
    like($log{"huge $i"}, qr/\Amemsnap: warning: VALGRIND_MALLOCLIKE_BLOCK: a block of 4,611,686,018,427,387,920 bytes at 0x[0-9a-f]+ cannot be real: it would end above the client's highest mapping; ignored\n\z/,
         "MALLOCLIKE_BLOCK of 2^62+16 bytes ($i): one warning");
}
like($log{wrap}, qr/\Amemsnap: warning: VALGRIND_MALLOCLIKE_BLOCK: a block of 8,192 bytes at 0xf+f000 cannot be real: it would wrap around the end of the address space; ignored\n\z/,
     'a block that wraps around: one warning');
like($log{resize}, qr/\Amemsnap: warning: VALGRIND_RESIZEINPLACE_BLOCK: a block of 4,611,686,018,427,387,904 bytes at 0x[0-9a-f]+ cannot be real: .*; ignored\n\z/,
     'a resize to 2^62: one warning');
is($log{end}, '', 'nothing else');
is_deeply(parse_summary($r->{stderr}),
          { total => [ 100, 1 ], peak => [ 100, 1 ], exit => [ 100, 1 ] },
          'the totals count the real chunk alone');
is_deeply([ grep { /^\Q$H0\E:/ } exit_stat_lines($r->{stderr}), peak_stat_lines($r->{stderr}) ],
          [ "$H0: size=100 B, count=1, average=100 B", "$H0: size=100 B, count=1, average=100 B" ],
          'the chunk at exit and at the peak, 100 bytes');
done_testing();
