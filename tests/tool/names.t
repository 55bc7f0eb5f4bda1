#!/usr/bin/perl
# Distinct snapshot names cost the same, however many were taken before
# (an index of names; a scan of every earlier snapshot on each TAKE made
# 100,000 names take a minute).  The CPU time of runs taking 0, 25,000 and
# 100,000 distinct names (tests/progs/names.c): four times the names must
# cost about four times the time above the start-up, not sixteen.  CPU
# time, not wall time, and a wide margin, so that a loaded machine does
# not matter.  Then the names work: the file holds them all, and a name
# taken again shadows the older one.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();

# Runs names N; returns [CPU seconds of the run, result].
sub timed {
    my ($n) = @_;
    my @t0 = times;
    my $r = run_memsnap(prog => 'names', args => [$n], timeout => 600);
    my @t1 = times;
    return [($t1[2] + $t1[3]) - ($t0[2] + $t0[3]), $r];
}

my ($base, $small, $big) = map { timed($_) } 0, 25_000, 100_000;
is($_->[1]{exit}, 0, "names $_->[1]{argv}[-1]: exit 0") or diag($_->[1]{stdout} . $_->[1]{stderr})
    for $base, $small, $big;
my ($t_small, $t_big) = ($small->[0] - $base->[0], $big->[0] - $base->[0]);
diag(sprintf('CPU seconds: start-up %.2f, 25,000 names +%.2f, 100,000 names +%.2f',
             $base->[0], $t_small, $t_big));
cmp_ok($t_big, '<', 10 * ($t_small > 0.1 ? $t_small : 0.1),
       '4 times the names cost less than 10 times the time (quadratic: 16)');

my $text = $big->[1]{file} // '';
my $n_snap = () = $text =~ /^snapshot\t/mg;
is($n_snap, 100_000 + 1 + 2, 'the file holds every snapshot, the peak and the exit snapshot');
like($text, qr/^snapshot\t100001\tn0\tclient\t/m, '"n0" taken again is snapshot 100001');
done_testing();
