# options.t: --help, --man and --version; the run's header line of
# options; the reader keeps the sites of only the snapshots a report needs
# (unit tests of the modulino's read_profile).
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script load_script data_dir);

my $r = run_script(undef, '--help');
is($r->{status}, 0, '--help: status 0');
like($r->{out}, qr/^Usage:\n.*^Options:\n.*--include-all=GLOB/sm, '--help: synopsis and options');
like($r->{out}, qr/^ +--width=N, --height=N$/m, '--help: the graph size options');
like($r->{out}, qr/SNAPSHOT:.*\bpeak\b/, '--help: peak is a snapshot name');
is($r->{err}, '', '--help: nothing on standard error');
$r = run_script(undef, '-h');
like($r->{out}, qr/^Usage:/, '-h');
$r = run_script(undef, '--man');
is($r->{status}, 0, '--man: status 0');
like($r->{out}, qr/NAME.*SYNOPSIS.*OPTIONS.*DESCRIPTION.*EXAMPLE.*EXIT STATUS.*SEE ALSO/s,
     '--man: every section');
$r = run_script(undef, '--version');
like($r->{out}, qr/\Amemsnap_print \S+\n\z/, '--version: one line');
is($r->{status}, 0, '--version: status 0');

$r = run_script(undef, '--key=function', '--limit=2', '--exclude=x.c', 'example.msn');
like($r->{out}, qr/^memsnap_print options: --key=function --limit=2 --exclude=x\.c$/m,
     'the report shows the options it was given');
like($r->{out}, qr/^Top 2 functions of the last snapshot, #3 'exit':\nmain: size=2400 B, count=101, average=24 B\n\z/m,
     'and uses them');
$r = run_script(undef, '--limit=0', '--cumulative', '--key=filename', 'example.msn');
like($r->{out}, qr/^All files \(cumulative\) of the last snapshot, #3 'exit':\nprog.c:0: /m, '--limit=0: all');

# The reader keeps only what the report needs.
load_script();
my $file = data_dir() . '/features.msn';
my $p = MemsnapPrint::read_profile($file, { names => { mid => 1 }, ids => { 3 => 1 } });
is(scalar @{ $p->{snapshots} }, 5, 'every snapshot has its line of totals');
ok(!grep({ exists $_->{sites} } @{ $p->{snapshots} }), 'the totals hold no sites');
is_deeply([sort keys %{ $p->{kept_name} }], ['mid'], 'kept by name: mid only');
is($p->{kept_name}{mid}{id}, 4, 'mid is the most recent snapshot named mid');
is_deeply([keys %{ $p->{kept_id} }], [3], 'kept by id: #3 only');
is($p->{last}, undef, 'the last snapshot is not kept when not wanted');
$p = MemsnapPrint::read_profile($file, { last => 1, names => {}, ids => {} });
is($p->{last}{id}, 5, 'the default report keeps the last snapshot');
is(() = $p->{last}{sites} =~ /\n/g, 12, 'with its 12 sites');
is_deeply([@{ $p->{header} }{qw(cmd pid ppid options depth)}],
          ['./features --size=10 "two words"', 5000, 4999, '--depth=4 --key=lineno', 4], 'the header');
is_deeply($p->{frames}[10], [40, 'copy_name', 'odd\\name.c', '/src/odd\\dir', '/src/features'],
          'text fields are unescaped');
is_deeply($p->{stacks}[3], [1, 3, 2, 1], 'a stack: attributed index, then frame ids');
is_deeply($p->{summary}, [2000, 30, 900, 19, 877, 18], 'the summary');
is($p->{timeline}, undef, 'no timeline in a file without one');
is($p->{peak}, undef, 'no peak snapshot either');

# The peak snapshot and the timeline: the default report keeps the peak
# snapshot (by origin) and the last timeline block only.
$file = data_dir() . '/timeline.msn';
$p = MemsnapPrint::read_profile($file, { last => 1, peak => 1, names => {}, ids => {} });
is($p->{peak}{id}, 5, 'the peak snapshot is kept');
is($p->{peak}{origin}, 'peak', 'its origin is peak');
is(() = $p->{peak}{sites} =~ /\n/g, 2, 'with its 2 sites');
is($p->{last}{id}, 6, 'and the last snapshot');
is($p->{timeline}{unit}, 'B', 'the timeline: its unit');
is($p->{timeline}{line}, 59, 'the last block is kept (line 59)');
is_deeply(MemsnapPrint::timeline_points($p->{timeline})->[3], [10000, 10000, 101, 'peak'], 'its points');
is($p->{snapshot_id}{3}{name}, 'monitor-3', 'snapshots by id');
$p = MemsnapPrint::read_profile($file, { names => { peak => 1 }, ids => {} });
is($p->{kept_name}{peak}{id}, 5, '"peak" is a name like the others');
is($p->{peak}, undef, 'the peak snapshot is kept by origin only for the default report');

# Axis labels: bytes, milliseconds, instructions.
my @scales = (
    [0, 'B', 'B', '0'], [1023, 'B', 'B', '1023'], [1024, 'B', 'KiB', '1.00'], [12000, 'B', 'KiB', '11.72'],
    [3 * 2**20, 'B', 'MiB', '3.00'], [5 * 2**40, 'B', 'TiB', '5.00'], [2**50, 'B', 'TiB', '1024.00'],
    [999, 'ms', 'ms', '999'], [2750, 'ms', 's', '2.75'], [3_599_999, 'ms', 's', '3600.00'],
    [3_600_000, 'ms', 'h', '1.00'], [90 * 3_600_000, 'ms', 'h', '90.00'],
    [999, 'i', 'instructions', '999'], [1000, 'i', 'k instructions', '1.00'],
    [3_456_789_012, 'i', 'G instructions', '3.46'], [2 * 10**15, 'i', 'T instructions', '2000.00'],
);
for my $s (@scales) {
    my ($v, $unit, @want) = @$s;
    is_deeply([MemsnapPrint::axis_scale($v, MemsnapPrint::TIME_AXES()->{$unit}{units})], \@want,
              "axis label of $v $unit");
}
# The manual's example of a timeline graph is the golden output.
my ($graph) = ReportTest::read_file(data_dir() . '/timeline-small.exp') =~ /\n\n(  KiB\n.*?\n)\n/s;
my $pod = ReportTest::read_file(ReportTest::srcdir() . '/scripts/memsnap_print.in');
ok(index($pod, $graph =~ s/^(?=.)/  /mgr) >= 0, 'the EXAMPLE graph is that of tests/data/timeline-small.exp');
done_testing();
