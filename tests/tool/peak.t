#!/usr/bin/perl
# The `peak' snapshot, --peak-inaccuracy, --stats-at-peak and the timeline
# (--time-unit), on tests/progs/peak.c (numbers in its comment)
# and, for the timeline's bound on a long run, tests/progs/stress.c.
use strict;
use warnings;
use List::Util qw(max);
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'peak.c:' . line_of('peak.c', $_) } qw(P1 P2 P3 P5 P6);

# Checks the timeline of parsed file $m: unit, time order, the bound on
# ordinary points, exactly one peak point; returns the points.
sub timeline_ok {
    my ($m, $unit, $name) = @_;
    my $t = $m->{timeline};
    ok($t, "$name: the file has a timeline") or return ();
    is($t->{unit}, $unit, "$name: unit $unit");
    my @p = @{ $t->{points} };
    is(scalar(@p), $t->{n_points}, "$name: as many points as announced");
    ok(!grep({ $p[$_]{time} < $p[ $_ - 1 ]{time} } 1 .. $#p), "$name: points in time order");
    my @ordinary = grep { $_->{mark} eq '' } @p;
    cmp_ok(scalar(@ordinary), '<=', 200, "$name: at most 200 ordinary points");
    is(scalar(grep { $_->{mark} eq 'peak' } @p), 1, "$name: one peak point");
    return @p;
}

# --- The exact peak ---------------------------------------------------------
my $r = run_memsnap(prog => 'peak', opts => [ '--peak-inaccuracy=0' ]);
is($r->{exit}, 0, 'exact: exit status 0');
is_deeply([ stat_lines($r->{stderr}) ],
          [ "$L{P2}: size=0 B (-97.7 KiB), count=0 (-100)",
            "$L{P3}: size=48.8 KiB (+48.8 KiB), count=1 (+1), average=48.8 KiB",
            "$L{P1}: size=0 B (-8000 B), count=0 (-1)",
            "$L{P5}: size=68.4 KiB, count=1, average=68.4 KiB",
            "$L{P3}: size=48.8 KiB, count=1, average=48.8 KiB" ],
          'exact: COMPARE peak now after phase 1, STATS peak after the realloc peak');
like($r->{stdout}, qr/^creep: peak - now = 100010$/m, 'exact: the creeping peak, to the byte');
like($r->{stdout}, qr/^after reset: current 50000, peak 80000$/m, 'RESET_PEAK starts a new peak');
is_deeply(parse_summary($r->{stderr}),
          { total => [ 423000, 1105 ], peak => [ 150010, 502 ], exit => [ 0, 0 ] },
          'summary: At peak is the whole run\'s highest');
like($r->{stderr}, qr/^Allocated at the peak since the last reset_peak or clear \(80,000 bytes in 2 blocks\), top 10 by lineno:$/m,
     '--stats-at-peak heading: the peak since the reset, said so');
is_deeply([ peak_stat_lines($r->{stderr}) ],
          [ "$L{P3}: size=48.8 KiB, count=1, average=48.8 KiB",
            "$L{P6}: size=29.3 KiB, count=1, average=29.3 KiB" ], 'statistics at the peak');

my $m = eval { parse_msn($r->{file}) };
ok($m, 'exact: output file parses') or diag($@);
SKIP: {
    skip 'no output file', 12 unless $m;
    is_deeply([ map { "$_->{id}:$_->{name}:$_->{origin}" } @{ $m->{snapshots} } ],
              [ '1:creep:client', '2:peak:peak', '3:exit:exit' ],
              'the peak snapshot is stored at exit, before exit');
    my $peak = snapshot_by_name($m, 'peak');
    is_deeply([ @$peak{qw(bytes blocks)} ], [ 80000, 2 ], 'peak snapshot: 80,000 B in 2 blocks');
    my $g = group_snapshot($m, 'peak', 'lineno');
    is_deeply([ @$g{ $L{P3}, $L{P6} } ], [ [ 50000, 1 ], [ 30000, 1 ] ], 'peak snapshot: P3 and P6');
    my @p = timeline_ok($m, 'B', 'exact');
    my ($pp) = grep { $_->{mark} eq 'peak' } @p;
    is_deeply([ @$pp{qw(time bytes blocks)} ], [ 423000, 80000, 2 ],
              'the peak point: the moment of the peak since the reset');
    is_deeply([ map { $_->{mark} } grep { $_->{mark} =~ /^#/ } @p ], [ '#1', '#3' ],
              'points for snapshots creep and exit (the peak has its own)');
}

# --- The default inaccuracy ------------------------------------------------
$r = run_memsnap(prog => 'peak');
my ($creep) = $r->{stdout} =~ /^creep: peak - now = (\d+)$/m;
ok(defined $creep && $creep <= 100010 && $creep + 50000 >= 0.99 * 150010,
   'default 1%: the recorded peak is within 1% below the true one')
    or diag("peak - now = " . ($creep // 'nothing'));
is(parse_summary($r->{stderr})->{peak}[0], 150010, 'default 1%: At peak stays exact');

# --- Other clocks -----------------------------------------------------------
for my $unit (qw(ms i)) {
    $r = run_memsnap(prog => 'peak', opts => [ "--time-unit=$unit" ]);
    is($r->{exit}, 0, "--time-unit=$unit: exit status 0");
    $m = eval { parse_msn($r->{file}) };
    my @p = $m ? timeline_ok($m, $unit, "--time-unit=$unit") : ();
    cmp_ok(@p ? $p[-1]{time} : 0, '>', 100000, '--time-unit=i: over 100,000 instructions')
        if $unit eq 'i';
}

# --- Options ----------------------------------------------------------------
$r = run_memsnap(prog => 'peak', opts => [ '--stats-at-peak=0' ]);
unlike($r->{stderr}, qr/Allocated at the peak/, '--stats-at-peak=0: no statistics at the peak');
$r = run_memsnap(prog => 'peak', opts => [ '--stats-at-peak=1' ]);
is(scalar(peak_stat_lines($r->{stderr})), 1, '--stats-at-peak=1: one line');
for my $bad ('--time-unit=s', '--peak-inaccuracy=-1', '--peak-inaccuracy=101',
             '--peak-inaccuracy=x', '--stats-at-peak=-1') {
    $r = run_memsnap(prog => 'peak', opts => [ $bad ]);
    isnt($r->{exit}, 0, "$bad: refused");
    like($r->{stderr}, qr/^valgrind: Bad option: \Q$bad\E$/m, "$bad: Valgrind's bad-option message");
}

# --- The timeline's bound on a long run ---------------------------------------
$r = run_memsnap(prog => 'stress');
$m = eval { parse_msn($r->{file}) };
my @p = $m ? timeline_ok($m, 'B', 'stress (400,000 operations)') : ();
my ($pp) = grep { $_->{mark} eq 'peak' } @p;
is($pp && $pp->{bytes}, max(map { $_->{bytes} } @p), 'stress: the peak point is the highest point');
is($pp && $pp->{bytes}, parse_summary($r->{stderr})->{peak}[0], 'stress: and the summary\'s At peak');
done_testing();
