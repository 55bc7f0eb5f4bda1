#!/usr/bin/perl
# The limit of VALGRIND_MEMSNAP_STATS and COMPARE: a negative one (-1) is
# refused with one warning line and the request evaluates to 0; any other
# counts at its full width (0x100000001 is not 1) (tests/progs/edges.c,
# scenario limits).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'edges.c:' . line_of('edges.c', $_) } qw(L1 L2 L3);
my $r = run_memsnap(prog => 'edges', args => ['limits']);
is($r->{exit}, 0, 'exit status 0');
my %log;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($what, $body) = split /\n/, $part, 2;
    $log{$what} = $body // '';
}
for my $req ('stats', 'compare') {
    my $name = 'VALGRIND_MEMSNAP_' . uc $req;
    is($log{"$req -1"}, "memsnap: warning: $name: limit -1 is negative (give the number "
                        . "of entries to print, 0 for all)\n", "$req -1: one warning line");
    like($r->{stdout}, qr/^\Q$req\E -1 = 0$/m, "$req -1: evaluates to 0");
    my @sites = $log{"$req 0x100000001"} =~ /^(edges\.c:\d+):/mg;
    is_deeply(\@sites, [ @L{qw(L3 L2 L1)} ], "$req 0x100000001: all three entries");
    like($r->{stdout}, qr/^\Q$req\E 0x100000001 = 1$/m, "$req 0x100000001: evaluates to 1");
}
done_testing();
