#!/usr/bin/perl
# report.t: tests/perf/run's arithmetic, on runs of a made-up --raw file
# (--from-raw runs nothing, so this needs neither Valgrind nor a
# benchmark): the median of the rounds' ratios, the ratio of the fastest
# times (--estimate=best), the memsnap/floor column, the clock's column,
# a round cut short left out, an earlier build's memsnap/floor column
# (--before), and a line that is not a run refused.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use MemsnapTest qw(srcdir);

my $run = srcdir() . '/tests/perf/run';
my $dir = tempdir(CLEANUP => 1);

# Rounds of churn, CPU seconds (wall seconds are twice as long):
#   none    1.0 2.0 4.0
#   memsnap 2.0 2.2 4.4   ratios to none 2.0 1.1 1.1: median 1.10, best 2.0/1.0
#   floor   1.0 2.0 2.0   memsnap/floor 2.0 1.1 2.2: median 2.00, best 2.0/1.0
# and a fourth round that lacks the floor's run.
my %cpu = (none => [1.0, 2.0, 4.0, 9], memsnap => [2.0, 2.2, 4.4, 9], floor => [1.0, 2.0, 2.0]);
my $raw = "# workload\tround\ttool\tseconds\tpeak_rss_kB\tout_bytes\tcpu_seconds\n";
for my $r (1 .. 4) {
    for my $t (qw(none memsnap floor)) {
        my $c = $cpu{$t}[$r - 1] // next;
        $raw .= join("\t", 'churn', $r, $t, sprintf('%.3f', 2 * $c), 1024 * ($t eq 'none' ? 30 : 40),
                     $t eq 'none' ? '' : 5000, sprintf('%.2f', $c)) . "\n";
    }
}
write_file("$dir/good.raw", $raw);

# Runs the script; returns its standard output and error, and its status.
sub report {
    my $out = `'$^X' '$run' @_ 2>&1`;
    return ($out, $? >> 8);
}

# The churn row of a report: none's seconds, and the ratio columns.
sub churn_row {
    my ($out) = @_;
    my ($row) = $out =~ /^churn +(.*)$/m or return ();
    return split ' ', $row;
}

my ($out, $status) = report("--from-raw=$dir/good.raw", '--clock=cpu');
is($status, 0, 'median: exit status') or diag($out);
is_deeply([churn_row($out)], ['2.00s', '1.10x', '1.00x', '2.00x'],
          'median: none median 2 s; memsnap 1.10, floor 1.00, memsnap/floor 2.00 (round 4 left out)')
    or diag($out);
like($out, qr/^geomean +1\.10x +1\.00x +2\.00x$/m, 'median: the geometric mean of one workload');
like($out, qr/^churn +30 +40 +40$/m, 'median: peak RSS in MB');

($out, $status) = report("--from-raw=$dir/good.raw", '--clock=cpu', '--estimate=best');
is($status, 0, 'best: exit status') or diag($out);
is_deeply([churn_row($out)], ['1.00s', '2.00x', '1.00x', '2.00x'],
          'best: ratios of the fastest times') or diag($out);
like($out, qr/--estimate=best/, 'best: the command line says so');

($out) = report("--from-raw=$dir/good.raw", '--clock=wall');
is_deeply([churn_row($out)], ['4.00s', '1.10x', '1.00x', '2.00x'], 'wall clock: its column')
    or diag($out);

($out) = report("--from-raw=$dir/good.raw", '--clock=cpu', '--tools=none,memsnap');
is_deeply([churn_row($out)], ['3.00s', '1.10x'],
          '--tools: only those, and round 4 counts without the floor (none 1 2 4 9, ratios 2 1.1 1.1 1)') or diag($out);

# An earlier build's runs (--before): its own memsnap/floor column.
(my $with_old = $raw) =~ s{^churn\t(\d)\t(memsnap|floor)\t(.*)$}
    {"churn\t$1\t$2\t$3\nchurn\t$1\told-$2\t" . old_run($2, $1, $3)}gme;
sub old_run {   # the same run, the old build's CPU seconds doubled for memsnap
    my ($t, $r, $rest) = @_;
    my @f = split /\t/, $rest, -1;
    $f[3] = sprintf '%.2f', $f[3] * 2 if $t eq 'memsnap';
    return join "\t", @f;
}
write_file("$dir/old.raw", $with_old);
($out) = report("--from-raw=$dir/old.raw", '--clock=cpu');
like($out, qr{^workload +none +memsnap +floor +old-memsnap +old-floor +memsnap/floor +old-memsnap/floor$}m,
     '--before: the old tools and their memsnap/floor column') or diag($out);
is_deeply([churn_row($out)], ['2.00s', '1.10x', '1.00x', '2.20x', '1.00x', '2.00x', '4.00x'],
          '--before: old-memsnap/floor is the old memsnap over the old floor') or diag($out);

write_file("$dir/bad.raw", $raw . "churn\t5\tnone\tfast\t1\t\t1.0\n");
($out, $status) = report("--from-raw=$dir/bad.raw");
isnt($status, 0, 'a line that is not a run: an error');
like($out, qr{bad\.raw:\d+: not a run of --raw .*'churn\t5\tnone\tfast}, '... naming the file, line and text');

($out, $status) = report('--estimate=mean', "--from-raw=$dir/good.raw");
isnt($status, 0, 'an unknown estimate: an error');
like($out, qr/--estimate must be median or best, not 'mean'/, '... saying which are known');

sub write_file {
    my ($path, $text) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print $fh $text;
    close $fh or die "$path: $!";
}

done_testing();
