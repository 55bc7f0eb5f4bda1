#!/usr/bin/perl
# Without Valgrind the requests are no-ops that evaluate to 0 and write
# nothing (tests/progs/requests.c and badreq.c run natively).  Needs no
# tool.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

for my $prog (qw(requests badreq)) {
    plan skip_all => "tests/progs/$prog not built" unless -x prog_path($prog);
}
my $r = run_native(prog => 'requests');
is($r->{exit}, 0, 'requests: exit 0 natively');
my @lines = split /\n/, $r->{stdout};
is($lines[-1], 'end', 'requests: every request returned (the last line is "end")');
my @nonzero = grep { / = [1-9]/ || /ret=[1-9]/ } @lines;
is_deeply(\@nonzero, [], 'requests: every request evaluates to 0');
my @written = grep { /(?:current|peak|bytes|blocks)=(?!-7\b)/ } @lines;
is_deeply(\@written, [], 'requests: no out parameter written (all still -7)');

$r = run_native(prog => 'badreq');
is($r->{exit}, 0, 'badreq: exit 0 natively (bad pointers are never touched)');
my @v = $r->{stdout} =~ /^\d+ .* = (\d+)$/mg;
is(scalar(@v), 18, 'badreq: every request ran');
is_deeply([ grep { $_ != 0 } @v ], [], 'badreq: every request evaluates to 0');
like($r->{stdout}, qr/^bytes=-7 blocks=-7 peak=-7 readonly=read-only$/m,
     'badreq: nothing written');
done_testing();
