# format-size.t: the statistics line formats, byte for byte tracemalloc's
# (_format_size and str(Statistic) / str(StatisticDiff), docs/tracemalloc.md),
# with every value of the golden table tests/data/format-size.tsv, which the
# unit test of the tool's formatter (tests/unit/format_test.c) reads too.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(load_script data_dir);

load_script();

# NUM, DEN, SIGN, expected: format_size(NUM / DEN, SIGN); NUM itself, an
# integer, when DEN is 1.
my $table = data_dir() . '/format-size.tsv';
open(my $fh, '<', $table) or BAIL_OUT("cannot open $table: $!");
my $n = 0;
while (my $line = <$fh>) {
    next if $line =~ /^(#|$)/;
    chomp $line;
    my ($num, $den, $sign, $want) = $line =~ /^(-?\d+)\t(\d+)\t([01])\t(.+)$/
        or BAIL_OUT("$table:$.: not NUM TAB DEN TAB SIGN TAB STRING");
    my $value = $den == 1 ? $num : $num / $den;
    is(MemsnapPrint::format_size($value, $sign), $want, "format_size($num/$den, $sign)");
    $n++;
}
close $fh;
cmp_ok($n, '>', 1000, "the table holds every golden value ($n)");

# The line formats of docs/tracemalloc.md ("Lines"), and tracemalloc's
# averages.
is(MemsnapPrint::format_statistic('prog.c:12', 1600, 100),
   'prog.c:12: size=1600 B, count=100, average=16 B', 'str(Statistic)');
is(MemsnapPrint::format_statistic('prog.c:12', 1600, 100, 1600, 100),
   'prog.c:12: size=1600 B (+1600 B), count=100 (+100), average=16 B', 'str(StatisticDiff)');
is(MemsnapPrint::format_statistic('prog.c:5', 0, 0, -800, -1),
   'prog.c:5: size=0 B (-800 B), count=0 (-1)', 'StatisticDiff of a key only in the old snapshot');
is(MemsnapPrint::format_statistic('a.py:2', 30, 3, 0, 0),
   'a.py:2: size=30 B (+0 B), count=3 (+0), average=10 B', 'unchanged key');
is(MemsnapPrint::format_statistic('x.c:1', 125, 2), 'x.c:1: size=125 B, count=2, average=62 B',
   'average 62.5 B prints 62 B');
is(MemsnapPrint::format_statistic('x.c:1', 6584, 104, 6584, 104),
   'x.c:1: size=6584 B (+6584 B), count=104 (+104), average=63 B', 'average 63.3 B');
is(MemsnapPrint::format_statistic('x.c:1', 0, 0), 'x.c:1: size=0 B, count=0', 'no average for count 0');
done_testing();
