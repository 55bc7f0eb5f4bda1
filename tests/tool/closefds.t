#!/usr/bin/perl
# A program that closes all its file descriptors cannot close memsnap's
# output file (tests/progs/closefds.c).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'closefds.c:' . line_of('closefds.c', $_) } qw(A B);
my $r = run_memsnap(prog => 'closefds');
is($r->{exit}, 0, 'exit status 0');
unlike($r->{stderr}, qr/cannot write/, 'no write error');
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
SKIP: {
    skip 'no output file', 3 unless $m;
    is_deeply([ map { $_->{name} } @{ $m->{snapshots} } ], [ qw(before after peak exit) ],
              'every snapshot reached the file');
    ok($m->{summary}, 'and the summary');
    my $g = group_snapshot($m, 'after', 'lineno');
    is_deeply([ @$g{ $L{A}, $L{B} } ], [ [ 1000, 1 ], [ 2000, 1 ] ], 'snapshot after is complete');
}
done_testing();
