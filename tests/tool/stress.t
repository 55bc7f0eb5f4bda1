#!/usr/bin/perl
# The live-block table under a random mix of allocations, resizes and frees
# (tests/progs/stress.c): memsnap's traced bytes must equal the program's own
# count at every check, also for a block above 4 GiB, and the program must
# behave as it does natively.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $native = run_native(prog => 'stress');
my $r      = run_memsnap(prog => 'stress');
is($r->{exit}, 0, 'exit status 0');
is($r->{stdout}, $native->{stdout}, 'same output as the native run');
like($r->{stdout}, qr/^checks 401, mismatches 0$/m,
     'GET_TRACED equals the program\'s own count at all 401 checks');
unlike($r->{stdout}, qr/^mismatch/m, 'no mismatch reported');
like($r->{stdout}, qr/^big: (kept its first byte|unavailable)$/m,
     'the 5 GiB block kept its data, or the system could not give it');
SKIP: {
    skip 'no 5 GiB block on this system', 1 if $r->{stdout} =~ /unavailable/;
    like($r->{stdout}, qr/^checks 405, mismatches 0$/m,
         'and at the four checks around the 5 GiB block');
}
my $s = parse_summary($r->{stderr});
is_deeply($s->{exit}, [ 0, 0 ], 'nothing is live at exit (libc freeres frees the stdout buffer)');
cmp_ok($s->{peak}[0], '>=', 5 << 30, 'the peak counts the 5 GiB block')
    unless $r->{stdout} =~ /unavailable/;
done_testing();
