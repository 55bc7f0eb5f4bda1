#!/usr/bin/perl
# Bad client request arguments (tests/progs/badreq.c): one warning line
# each, the request evaluates to 0, the program goes on.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'badreq');
is($r->{exit}, 0, 'exit status 0: the program went on');
is($r->{signal}, 0, 'no crash');
unlike($r->{stderr}, qr/impossible|panic|Valgrind-internal/i, 'no Valgrind panic');

# The warnings between "REQ n" and "REQ n+1" belong to request n.
my (%warn, $cur);
for (split /\n/, $r->{stderr}) {
    if (/^REQ (\d+)$/) { $cur = $1; $warn{$cur} //= []; next }
    push @{ $warn{$cur} }, $_ if defined $cur && /memsnap: warning:/;
}
for my $n (1 .. 16) {
    is(scalar(@{ $warn{$n} || [] }), 1, "request $n: exactly one warning line")
        or diag(join("\n", @{ $warn{$n} || [] }));
    like($warn{$n}[0] // '', qr/^memsnap: warning: /, "request $n: starts with 'memsnap: warning: '");
}
is(scalar(@{ $warn{17} || [] }), 0, 'no warning for the good TAKE at the end');
my @values = $r->{stdout} =~ /^(\d+) .* = (\d+)$/mg;
my %value = @values;
is($value{0}, 1, 'TAKE("ok") = 1');
is_deeply([ map { $value{$_} } 1 .. 16 ], [ (0) x 16 ], 'every bad request evaluates to 0');
is($value{17}, 2, 'TAKE("ok2") = 2: bad TAKEs stored no snapshot');
# A rejected request writes none of its out parameters: bytes is only ever
# passed to 13 (blocks_ptr NULL) and 16 (bad name), blocks to 12, 14 and 16,
# peak to 15 (current_ptr bad).
my ($bytes, $blocks, $peak, $ro) =
    $r->{stdout} =~ /^bytes=(-?\d+) blocks=(-?\d+) peak=(-?\d+) readonly=(.*)$/m;
is($bytes,  -7, 'DIFF with a NULL blocks_ptr (13) and with a bad name (16) leave *bytes_ptr alone');
is($blocks, -7, 'DIFF requests 12, 14, 16 leave *blocks_ptr alone');
is($peak,   -7, 'GET_TRACED with a bad current_ptr (15) leaves *peak_ptr alone');
is($ro, 'read-only', 'read-only memory untouched (14)');
golden_ok(drop_system_frames($r->{stderr}), 'badreq.stderr.exp', 'log matches golden file');
done_testing();
