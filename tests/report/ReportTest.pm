# ReportTest.pm: helpers of the memsnap_print tests (tests/report/*.t).
#
# It finds the script (the configured one, or a copy generated from
# scripts/memsnap_print.in when there is none), runs it on the files of
# tests/data, and holds the table of golden cases that golden.t checks
# (with MemsnapTest's golden_ok, as every test compares with an expected
# file).
# Used only by tests/report; the shared helpers are in tests/lib.
package ReportTest;

use strict;
use warnings;
use Exporter qw(import);
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Test::More;

our @EXPORT_OK = qw(script_path load_script data_dir run_script run_case case_output
                    write_file read_file golden_cases);

my $HERE = dirname(abs_path(__FILE__));

sub srcdir { return $ENV{MEMSNAP_TOP_SRCDIR} // abs_path("$HERE/../..") }

sub data_dir { return srcdir() . '/tests/data' }

# The golden cases: [name, input file in tests/data, arguments...].  The
# expected output of case NAME is tests/data/NAME.exp (see case_output).
# An input "gen:SNAPSHOTS:SITES[:OPTIONS]" is made by
# tests/report/gen-big-msn (OPTIONS: more of its options, comma-separated).
my @CASES = (
    # The default report.
    ['example-report',         'example.msn'],
    ['features-report',        'features.msn'],
    ['features-report-tb',     'features.msn', '--key=traceback', '--limit=3'],
    ['killed-report',          'killed.msn'],
    ['single-report',          'single.msn'],
    ['many-report',            'gen:200:3'],
    ['wide-report',            'gen:72:2'],
    # The peak snapshot and the timeline: the timeline graph in
    # each time unit, at the default size and small; the top lines at the
    # peak; a killed run (the timeline's peak, no table); more points than
    # columns.
    ['timeline-report',        'timeline.msn'],
    ['timeline-small',         'timeline.msn', '--width=20', '--height=6'],
    ['timeline-tiny',          'timeline.msn', '--width=4', '--height=4', '--key=function', '--limit=1'],
    ['timeline-i-report',      'timeline-i.msn'],
    ['killed-timeline-report', 'killed-timeline.msn'],
    ['timeline-many-report',   'gen:300:2:--timeline=200,--peak', '--limit=3'],
    # "peak" as a snapshot name: what was freed after the peak.
    ['timeline-compare-peak',  'timeline.msn', '--compare=peak,exit', '--limit=0'],
    ['timeline-compare-peak-tb', 'timeline.msn', '--compare=peak,exit', '--key=traceback', '--limit=0'],
    ['timeline-stats-peak',    'timeline.msn', '--stats=peak', '--key=function'],
    # --stats and --compare, every key.
    ['example-stats',          'example.msn', '--stats=after'],
    ['example-compare',        'example.msn', '--compare=before,after'],
    ['example-traceback',      'example.msn', '--stats=after', '--key=traceback', '--limit=1'],
    ['features-lineno',        'features.msn', '--stats=exit', '--limit=0'],
    ['features-filename',      'features.msn', '--stats=exit', '--key=filename', '--limit=0'],
    ['features-function',      'features.msn', '--stats=exit', '--key=function', '--limit=0'],
    ['features-traceback',     'features.msn', '--stats=exit', '--key=traceback', '--limit=0'],
    ['features-cumulative',    'features.msn', '--stats=exit', '--cumulative', '--limit=0'],
    ['features-filename-cum',  'features.msn', '--stats=exit', '--key=filename,cumulative', '--limit=0'],
    ['features-function-cum',  'features.msn', '--stats=exit', '--key=function', '--cumulative', '--limit=0'],
    ['features-limit-3',       'features.msn', '--stats=exit', '--limit=3'],
    ['features-default-limit', 'features.msn', '--stats=exit'],
    # Selection: "mid" is the most recent snapshot named mid (#4).
    ['features-compare-mid',   'features.msn', '--compare=mid,exit', '--limit=0'],
    ['features-compare-ids',   'features.msn', '--compare=#3,#4', '--limit=0'],
    ['features-compare-tb',    'features.msn', '--compare=#2,exit', '--key=traceback', '--limit=0'],
    # Filters.
    ['features-include',       'features.msn', '--stats=exit', '--include=list.c', '--limit=0'],
    ['features-include-line',  'features.msn', '--stats=exit', '--include=*.c:5', '--limit=0'],
    ['features-include-two',   'features.msn', '--stats=exit', '--include=rec.?', '--include=[lm]*.c:10', '--limit=0'],
    ['features-exclude',       'features.msn', '--stats=exit', '--exclude=*(libc.so*)', '--exclude=<unknown>', '--limit=0'],
    ['features-exclude-line',  'features.msn', '--stats=exit', '--exclude=list.c:20', '--limit=0'],
    ['features-include-all',   'features.msn', '--stats=exit', '--include-all=rec.c', '--key=traceback', '--limit=0'],
    ['features-exclude-all',   'features.msn', '--stats=exit', '--exclude-all=list.c', '--limit=0'],
    ['features-filter-cum',    'features.msn', '--stats=exit', '--include=util.c', '--cumulative', '--limit=0'],
    ['features-filter-compare','features.msn', '--compare=mid,exit', '--exclude=main.c', '--limit=0'],
    # --format: a run of a program with threads, C++ and recursion
    # (tests/progs/exports) in every format, a snapshot and a compare.
    ['exports-callgrind',      'exports.msn', '--format=callgrind', '--stats=full', '--output=-'],
    ['exports-callgrind-compare', 'exports.msn', '--format=callgrind', '--compare=full,exit', '--output=-'],
    ['exports-json',           'exports.msn', '--format=json', '--stats=full', '--key=function', '--output=-'],
    ['exports-json-compare',   'exports.msn', '--format=json', '--compare=full,exit', '--include=exports.cpp', '--output=-'],
    ['exports-massif',         'exports.msn', '--format=massif', '--output=-'],
    ['exports-pprof',          'exports.msn', '--format=pprof', '--stats=full', '--output=-'],
    ['exports-speedscope',     'exports.msn', '--format=speedscope', '--stats=full', '--output=-'],
    ['exports-speedscope-compare', 'exports.msn', '--format=speedscope', '--compare=full,exit', '--output=-'],
    # --format of a file with allocations (format 5, tests/progs/churn):
    # the live blocks and the allocations beside them, --measure choosing
    # what is shown first; a compare with the allocations between, and
    # one across a clear (without).
    ['exports-churn-callgrind', 'churn.msn', '--format=callgrind', '--stats=mid', '--output=-'],
    ['exports-churn-callgrind-compare', 'churn.msn', '--format=callgrind', '--compare=start,mid', '--measure=allocated', '--output=-'],
    ['exports-churn-json',     'churn.msn', '--format=json', '--stats=mid', '--measure=allocated', '--output=-'],
    ['exports-churn-json-compare', 'churn.msn', '--format=json', '--compare=mid,exit', '--output=-'],
    ['exports-churn-pprof',    'churn.msn', '--format=pprof', '--stats=mid', '--measure=allocated', '--output=-'],
    ['exports-churn-speedscope', 'churn.msn', '--format=speedscope', '--stats=mid', '--output=-'],
    # Two runs compared (runs-old.msn against the FILE argument,
    # runs-new.msn): two builds whose frames differ in id and directory;
    # leak.c:14 is new, one util.c:5 grew.
    ['runs-lineno',            'runs-new.msn', '--compare=runs-old.msn:exit,exit', '--limit=0'],
    ['runs-function',          'runs-new.msn', '--compare=runs-old.msn:exit,exit', '--key=function'],
    ['runs-traceback',         'runs-new.msn', '--compare=runs-old.msn:exit,exit', '--key=traceback', '--limit=3'],
    ['runs-cumulative',        'runs-new.msn', '--compare=runs-old.msn:exit,exit', '--cumulative', '--exclude=list.c'],
    ['runs-json',              'runs-new.msn', '--compare=runs-old.msn:exit,exit', '--format=json', '--limit=2', '--output=-'],
    ['runs-callgrind',         'runs-new.msn', '--compare=runs-old.msn:exit,exit', '--format=callgrind', '--output=-'],
);

sub golden_cases { return @CASES }

# The memsnap_print to test: $MEMSNAP_PRINT or the configured script in
# $MEMSNAP_TOP_BUILDDIR, else a copy of scripts/memsnap_print.in with
# @PERL@, @VERSION@ and @perllibdir@ (the source tree's scripts) filled
# in, made once per test process.
my $generated;
sub script_path {
    for my $p ($ENV{MEMSNAP_PRINT},
               defined $ENV{MEMSNAP_TOP_BUILDDIR} ? "$ENV{MEMSNAP_TOP_BUILDDIR}/scripts/memsnap_print" : undef) {
        return $p if defined $p && -f $p;
    }
    return $generated //= do {
        my $dir = tempdir(CLEANUP => 1);
        my $text = read_file(srcdir() . '/scripts/memsnap_print.in');
        $text =~ s/\@PERL\@/$^X/g;
        $text =~ s/\@VERSION\@/uninstalled/g;
        $text =~ s/\@perllibdir\@/srcdir() . '\/scripts'/ge;
        write_file("$dir/memsnap_print", $text);
        chmod 0755, "$dir/memsnap_print";
        "$dir/memsnap_print";
    };
}

# Loads the script as a module (its subs are in package MemsnapPrint).
sub load_script {
    my $path = script_path();
    require $path;
    return 1;
}

sub read_file {
    my ($path) = @_;
    open(my $fh, '<:raw', $path) or die "cannot read $path: $!\n";
    local $/;
    my $text = <$fh>;
    return $text // '';
}

sub write_file {
    my ($path, $text) = @_;
    open(my $fh, '>:raw', $path) or die "cannot write $path: $!\n";
    print {$fh} $text;
    close($fh) or die "cannot write $path: $!\n";
}

# Runs memsnap_print with @args in directory $dir (default tests/data, so
# that messages name files as they are given).  Returns {out, err, status}.
sub run_script {
    my ($dir, @args) = @_;
    $dir //= data_dir();
    my $tmp = tempdir(CLEANUP => 1);
    my $script = script_path();
    my $pid = fork() // die "fork: $!\n";
    if ($pid == 0) {
        chdir $dir or die "chdir $dir: $!\n";
        open(STDOUT, '>', "$tmp/out") or die;
        open(STDERR, '>', "$tmp/err") or die;
        exec { $^X } $^X, $script, @args or die "exec: $!\n";
    }
    waitpid($pid, 0);
    return { status => $? >> 8, signal => $? & 127,
             out => read_file("$tmp/out"), err => read_file("$tmp/err") };
}

# Runs golden case [name, input, args...]; returns the text to compare
# with NAME.exp: standard output, then "--- stderr" and the standard
# error if any, then "--- exit status N" if not 0.
sub run_case {
    my ($case) = @_;
    my ($name, $input, @args) = @$case;
    my $dir;
    if ($input =~ /\Agen:([0-9]+):([0-9]+)(?::([-=,a-z0-9]+))?\z/) {
        $dir = tempdir(CLEANUP => 1);
        my @more = split /,/, $3 // '';
        $input = 'gen.msn';
        system("$^X \Q$HERE/gen-big-msn\E --snapshots=$1 --sites=$2 @more > \Q$dir/$input\E") == 0
            or die "gen-big-msn failed\n";
    }
    return case_output(run_script($dir, @args, $input));
}

sub case_output {
    my ($r) = @_;
    my $text = $r->{out};
    $text .= "--- stderr\n$r->{err}" if $r->{err} ne '';
    $text .= "--- exit status $r->{status}\n" if $r->{status};
    return $text;
}


1;
