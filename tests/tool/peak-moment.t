#!/usr/bin/perl
# The peak is one moment, the first of its value: the summary's `At peak',
# the table "Allocated at the peak", the `peak' snapshot of the file and
# the timeline's peak point agree, bytes and blocks, when the value is
# reached again, and when a block of 0 bytes or a same-size realloc comes
# at the peak.  With --peak-inaccuracy, a table from below the peak says
# it is from a moment within that much of it (tests/progs/edges.c,
# scenarios peak-again, peak-zero, near-peak).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'edges.c:' . line_of('edges.c', $_) } qw(A100 C150 N1);

sub one_moment {
    my ($scenario, $inaccuracy, $bytes, $blocks, $site) = @_;
    my $name = "$scenario, --peak-inaccuracy=$inaccuracy";
    my $r = run_memsnap(prog => 'edges', args => [$scenario],
                        opts => [ "--peak-inaccuracy=$inaccuracy" ]);
    is($r->{exit}, 0, "$name: exit status 0");
    is_deeply(parse_summary($r->{stderr})->{peak}, [ $bytes, $blocks ],
              "$name: At peak: $bytes bytes in $blocks blocks");
    like($r->{stderr}, qr/^Allocated at the peak \(\Q$bytes\E bytes in $blocks blocks?\), /m,
         "$name: the table's heading, the same moment");
    is_deeply([ peak_stat_lines($r->{stderr}) ],
              [ "$site: size=$bytes B, count=$blocks, average=" . ($bytes / $blocks) . " B" ],
              "$name: the table");
    my $m = eval { parse_msn($r->{file}) };
    ok($m, "$name: the file parses") or return;
    my $peak = snapshot_by_name($m, 'peak');
    is_deeply([ $peak->{bytes}, $peak->{blocks} ], [ $bytes, $blocks ],
              "$name: the peak snapshot, the same moment");
    my @p = grep { $_->{mark} eq 'peak' } @{ $m->{timeline}{points} };
    is_deeply([ map { ($_->{bytes}, $_->{blocks}) } @p ], [ $bytes, $blocks ],
              "$name: the timeline's peak point, the same moment");
}
for my $inaccuracy (0, 1) {
    one_moment('peak-again', $inaccuracy, 100, 1, $L{A100});
    one_moment('peak-zero',  $inaccuracy, 150, 1, $L{C150});
}

# Within 1%: the copy at 10,001 bytes stays when the peak reaches 10,050.
my $r = run_memsnap(prog => 'edges', args => ['near-peak']);
is_deeply(parse_summary($r->{stderr})->{peak}, [ 10050, 2 ], 'near-peak: At peak: 10,050 bytes');
like($r->{stderr}, qr/^Allocated at a moment within 1% of the peak \(--peak-inaccuracy\) \(10,001 bytes in 2 blocks\), /m,
     'near-peak: the heading says the table is from a moment within 1% of the peak');
# memsnap_print says how far below: (10,050 - 10,001) / 10,050 = 0.49%.
open(my $fh, '>', "$r->{dir}/near.msn") or die;
print {$fh} $r->{file};
close($fh);
my $p = run_print("$r->{dir}/near.msn");
like($p->{stdout}, qr/^Top 10 lines at a moment 0\.5% below the peak, #\d+ 'peak' \(10,001 bytes in 2 blocks\):$/m,
     'near-peak: memsnap_print\'s heading says how far below the peak');
$r = run_memsnap(prog => 'edges', args => ['near-peak'], opts => ['--peak-inaccuracy=0.25']);
like($r->{stderr}, qr/^Allocated at the peak \(10,050 bytes in 2 blocks\), /m,
     'near-peak, 0.25%: a new copy, at the peak');
$r = run_memsnap(prog => 'edges', args => ['near-peak'], opts => ['--peak-inaccuracy=2.5']);
like($r->{stderr}, qr/^Allocated at a moment within 2\.5% of the peak /m,
     'near-peak, 2.5%: the percentage as given');
done_testing();
