# format-size.t: the statistics line formats, byte for byte tracemalloc's
# (_format_size and str(Statistic) / str(StatisticDiff)), with every golden
# value of shared/tracemalloc-semantics.md section 2.6, ties included.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(load_script);

load_script();

# input, sign=False, sign=True (section 2.6).
my @golden = (
    [0,               '0 B',        '+0 B'],
    [10239,           '10239 B',    '+10239 B'],
    [10240,           '10.0 KiB',   '+10.0 KiB'],
    [102399,          '100.0 KiB',  '+100.0 KiB'],    # 99.999... rounds up inside the <100 branch
    [102400,          '100 KiB',    '+100 KiB'],
    [1048575,         '1024 KiB',   '+1024 KiB'],
    [10485759,        '10240 KiB',  '+10240 KiB'],
    [10485760,        '10.0 MiB',   '+10.0 MiB'],
    [104857599,       '100.0 MiB',  '+100.0 MiB'],
    [2**40,           '1024 GiB',   '+1024 GiB'],
    [100 * 2**40,     '100 TiB',    '+100 TiB'],
    [2**50,           '1024 TiB',   '+1024 TiB'],
    [-1,              '-1 B',       '-1 B'],
    [-50000,          '-48.8 KiB',  '-48.8 KiB'],
    [64000,           '62.5 KiB',   '+62.5 KiB'],
    [10496,           '10.2 KiB',   '+10.2 KiB'],      # 10.25 KiB: tie to even
    [11776,           '11.5 KiB',   '+11.5 KiB'],
);
for my $g (@golden) {
    my ($in, $plain, $signed) = @$g;
    is(MemsnapPrint::format_size($in, 0), $plain, "format_size($in)");
    is(MemsnapPrint::format_size($in, 1), $signed, "format_size($in, sign)");
}

# Averages are true divisions, rounded half to even on the exact value.
is(MemsnapPrint::format_size(125 / 2, 0), '62 B', 'average 125/2: tie to even');
is(MemsnapPrint::format_size(127 / 2, 0), '64 B', 'average 127/2: tie to even');
is(MemsnapPrint::format_size(6584 / 104, 0), '63 B', 'average 6584/104');
is(MemsnapPrint::format_size(0.5, 0), '0 B', '0.5: tie to even');
is(MemsnapPrint::format_size(1.5, 0), '2 B', '1.5: tie to even');
is(MemsnapPrint::format_size(2.5, 0), '2 B', '2.5: tie to even');

# The three lines of interface.md section 6, and tracemalloc's averages.
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
