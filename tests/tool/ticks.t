#!/usr/bin/perl
# A name taken again and again keeps one table in memory; a forked child's
# file then holds only the snapshots it can still reach
# (tests/progs/ticks.c; numbers in its comment).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'ticks.c:' . line_of('ticks.c', $_) } qw(T C);
my $r = run_memsnap(prog => 'ticks', opts => [ '--stats=yes' ]);
is($r->{exit}, 0, 'exit status 0');
is(scalar(keys %{ $r->{files} }), 2, 'two files: parent and child');
my ($parent, $child) = map { parse_msn($r->{files}{$_}) }
                       sort { $a == $r->{pid} ? -1 : $b == $r->{pid} ? 1 : 0 } keys %{ $r->{files} };
is_deeply([ map { $_->{id} } @{ $parent->{snapshots} } ], [ 1 .. 52 ],
          'the parent\'s file: ticks 1-50, peak, exit');
is_deeply([ map { "$_->{id}:$_->{name}" } @{ $child->{snapshots} } ],
          [ '50:tick', '51:child', '52:peak', '53:exit' ],
          'the child\'s file: only the last tick (the others are shadowed)');
ok(!grep({ $_->{mark} =~ /^#(\d+)$/ && $1 < 50 } @{ $child->{timeline}{points} }),
   'the child\'s timeline marks no snapshot missing from its file');
is_deeply([ grep { /^ticks\.c:\d+: size=.*\(/ } stat_lines($r->{stderr}) ],
          [ "$L{C}: size=7 B (+7 B), count=1 (+1), average=7 B",
            "$L{T}: size=5000 B (+0 B), count=50 (+0), average=100 B" ],
          'COMPARE tick now in the child uses the last tick');
like($r->{stderr}, qr/^memsnap: snapshots: +52 \(tables kept: 3\)$/m,
     'the parent keeps 3 tables for 52 snapshots');
like($r->{stderr}, qr/^Wrote 4 snapshots to memsnap\.out\.(?:\d+|PID);/m,
     'the child says how many snapshots its file holds');
for my $pid (sort keys %{ $r->{files} }) {
    my $dir = $r->{dir};
    my $p = run_print("$dir/memsnap.out.$pid");
    is($p->{exit}, 0, "memsnap_print reads the file of $pid") or diag($p->{stderr});
}
done_testing();
