# callgrind.t: memsnap_print --format=callgrind of a snapshot and of a
# compare of tests/progs/exports, read back by callgrind_annotate (from
# Debian's valgrind package): its totals, its inclusive and self costs per
# function and its per-line costs of the program's source equal
# memsnap_print's statistics of the same snapshots (--key=function with and
# without --cumulative, --key=lineno), and the file keeps the rules other
# readers need (a cfi= line before every cfn=, calls= of at least 1);
# the same of the allocated and the temporary events against the
# statistics by --measure, and each line's events on tests/progs/churn.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use lib dirname(abs_path(__FILE__));
use MemsnapTest;
use ExportTest;

plan skip_all => 'callgrind_annotate not found (Debian: apt-get install valgrind)'
    unless have_command('callgrind_annotate');
my $run = exports_run();

# callgrind_annotate OPTIONS FILE: { totals => [...], fns => { name => [costs] },
# lines => { "FILE:LINE" => [costs] } (self costs of the annotated sources) }.
sub annotate {
    my ($file, @opts) = @_;
    my $r = run_cmd(argv => ['callgrind_annotate', '--threshold=100', @opts, $file], dir => $run->{dir});
    is($r->{status}, 0, "callgrind_annotate @opts: status 0") or diag($r->{stderr});
    unlike($r->{stderr}, qr/WARNING|malformed/i, "callgrind_annotate @opts: no warning");
    my %a = (fns => {}, lines => {});
    my $cost = qr/((?:[0-9,]+|\.)(?: +\( *[0-9.]+%\))? +)/;
    my ($src, $line);
    for (split /\n/, $r->{stdout}) {
        if (/^((?:[0-9,]+(?: +\( *[0-9.]+%\))? +)+) PROGRAM TOTALS$/) { $a{totals} = numbers($1) }
        elsif (/^-- Auto-annotated source: (.*)$/) { $src = $1 =~ s{.*/}{}r; $line = undef }
        elsif (/^-- line ([0-9]+) -+$/) { $line = $1 }
        elsif (/^-+$/) { $line = undef }
        elsif (defined $line && /^\s*((?:(?:[0-9,]+(?: +\( *[0-9.]+%\))?|\.) +)+)(=>)?/) {
            my ($costs, $call) = ($1, $2);
            next if $call;
            my $n = numbers($costs);
            $a{lines}{"$src:$line"} = $n if grep { $_ } @$n;
            $line++;
        }
        elsif (!defined $src && /^\s*((?:[0-9,]+(?: +\( *[0-9.]+%\))? +)+)(\S.*?):(.*) \[.*\]$/) {
            my ($n, $fn) = (numbers($1), $3);
            $fn = '<unknown>' if $fn =~ /\A\?\?\?(?: \(.*\))?\z/;
            my $acc = $a{fns}{$fn} //= [(0) x @$n];
            $acc->[$_] += $n->[$_] for 0 .. $#$n;
        }
    }
    return \%a;
}

sub numbers {
    my ($text) = @_;
    $text =~ s/\( *[0-9.]+%\)//g;
    return [map { s/,//gr + 0 } grep { /[0-9]/ } split ' ', $text];
}

# The file's own rules: compressed names, cfi before cfn, calls >= 1.
sub check_file_rules {
    my ($path, $what) = @_;
    open(my $fh, '<', $path) or die "$path: $!";
    my @lines = <$fh>;
    my ($bad_cfn, $bad_calls) = (0, 0);
    for my $i (0 .. $#lines) {
        $bad_cfn++ if $lines[$i] =~ /^cfn=/ && ($i == 0 || $lines[$i - 1] !~ /^cfi=/);
        $bad_calls++ if $lines[$i] =~ /^calls=([0-9]+)/ && $1 < 1;
    }
    is($bad_cfn, 0, "$what: a cfi= line before every cfn=");
    is($bad_calls, 0, "$what: every calls= is at least 1");
    ok(scalar(grep { /^positions: line$/ } @lines), "$what: positions: line");
    my %space = (fl => 'fl', fi => 'fl', fe => 'fl', cfi => 'fl', cfl => 'fl', fn => 'fn', cfn => 'fn',
                 ob => 'ob', cob => 'ob');
    my %seen;
    my @again = grep { /^([a-z]+)=\(([0-9]+)\)( .*)?$/ && $seen{"$space{$1} $2"}++ && defined $3 } @lines;
    is(scalar(@again), 0, "$what: each name is given once, then only its number");
}

# The events of a snapshot (file format 5) and the measure each pair
# shows, with the snapshot's sums of it.
my @EVENTS = qw(curB curBk totB totBk tmpB tmpBk);
my %MEASURE_SUMS = (live => [qw(bytes blocks)], allocated => [qw(alloc_bytes alloc_blocks)],
                    temporary => [qw(temp_bytes temp_blocks)]);
my @MEASURES = (['live', 0], ['allocated', 2], ['temporary', 4]);

# The two costs of column $col of each function (those not both 0).
sub pair_of {
    my ($fns, $col) = @_;
    return { map { $_ => [@{ $fns->{$_} }[$col, $col + 1]] }
             grep { $fns->{$_}[$col] || $fns->{$_}[$col + 1] } keys %$fns };
}

sub events_line {
    my ($path) = @_;
    return (slurp($path) =~ /^events: (.*)$/m)[0];
}

my @snapshots = ('full', 'half', 'exit');
for my $snap (@snapshots) {
    my $e = export_file('callgrind', undef, "--stats=$snap");
    is($e->{status}, 0, "--stats=$snap: status 0") or diag($e->{stderr});
    is_deeply($e->{paths}, ["$run->{file}.$snap.callgrind"], "--stats=$snap: the default file name");
    my $path = $e->{paths}[0];
    check_file_rules($path, $snap);
    is(events_line($path), "@EVENTS", "$snap: the events, live first");
    my $incl = annotate($path, '--inclusive=yes', '--auto=yes');
    my $self = annotate($path, '--inclusive=no');
    for my $m (@MEASURES) {
        my ($measure, $col) = @$m;
        my $what = "$snap, $EVENTS[$col] $EVENTS[$col + 1]";
        my $model = json_model("--stats=$snap", '--limit=0', "--measure=$measure");
        is_deeply([@{ $incl->{totals} }[$col, $col + 1]], [@{ $model->{snapshot} }{ @{ $MEASURE_SUMS{$measure} } }],
                  "$what: totals");
        my $cum = stats_by_label(json_model("--stats=$snap", '--key=function', '--cumulative', '--limit=0',
                                            "--measure=$measure"));
        # (Frames without a function name are one function per object in the
        # file, so a stack with two of them is a recursion there; and
        # callgrind_annotate counts a called function's cost only through its
        # calls, so the outermost of them, a root, is not in its inclusive cost.)
        my $incl_fns = pair_of($incl->{fns}, $col);
        delete $_->{'<unknown>'} for $incl_fns, $cum;
        is_deeply($incl_fns, $cum, "$what: inclusive cost per function = --key=function --cumulative");
        my $fn = stats_by_label(json_model("--stats=$snap", '--key=function', '--limit=0', "--measure=$measure"));
        is_deeply(pair_of($self->{fns}, $col), $fn, "$what: self cost per function = --key=function");
        my $lineno = stats_by_label($model);
        my %want = map { $_ => $lineno->{$_} } grep { /\Aexports\.cpp:/ } keys %$lineno;
        ok(%want, "$what: some lines of exports.cpp have blocks") unless $measure eq 'temporary';
        is_deeply(pair_of($incl->{lines}, $col), \%want, "$what: per-line costs of exports.cpp = --key=lineno");
    }
}

# --measure puts its events first; a file before format version 5 has
# the live events only.
my $e = export_file('callgrind', 'allocated.out', '--stats=full', '--measure=allocated');
is(events_line($e->{paths}[0]), 'totB totBk curB curBk tmpB tmpBk', '--measure=allocated: totB totBk first');
$e = export_file('callgrind', 'temporary.out', '--stats=full', '--measure=temporary');
is(events_line($e->{paths}[0]), 'tmpB tmpBk curB curBk totB totBk', '--measure=temporary: tmpB tmpBk first');
my $r = run_print('--format=callgrind', '--stats=full', "--output=$run->{dir}/v1.out",
                  srcdir() . '/tests/data/exports.msn');
is(events_line("$run->{dir}/v1.out"), 'curB curBk', 'format 1: the live events only');

# tests/progs/churn (churn.c has the figures): each line's costs, a line
# whose blocks were all freed too; the allocations between two
# snapshots, none across a clear.
my $churn = churn_run();
my %L = map { $_ => 'churn.c:' . line_of('churn.c', $_) } qw(T K Z R);
$e = export_file_of($churn, 'callgrind', 'mid.out', '--stats=mid');
my $c = annotate($e->{paths}[0], '--inclusive=no', '--auto=yes');
is_deeply($c->{lines}, { $L{T} => [0, 0, 32000, 1000, 32000, 1000], $L{K} => [1000, 10, 1000, 10, 0, 0],
                         $L{Z} => [0, 1, 0, 1, 0, 0], $L{R} => [50, 1, 150, 5, 100, 4] },
          'churn mid: each line\'s live, allocated and temporary bytes and blocks');
is_deeply($c->{totals}, [1050, 12, 33150, 1016, 32100, 1004], 'churn mid: totals');
$e = export_file_of($churn, 'callgrind', 'between.out', '--compare=start,mid');
is(events_line($e->{paths}[0]), 'growB growBk shrinkB shrinkBk totB totBk tmpB tmpBk',
   'churn --compare=start,mid: the allocations between too');
is_deeply(annotate($e->{paths}[0], '--inclusive=no')->{totals}, [1050, 12, 0, 0, 33150, 1016, 32100, 1004],
          'churn --compare=start,mid: totals');
$e = export_file_of($churn, 'callgrind', 'clear.out', '--compare=mid,exit');
is(events_line($e->{paths}[0]), 'growB growBk shrinkB shrinkBk',
   'churn --compare=mid,exit: a clear between, no allocations between');

# A compare: four events, none negative; what grew and what shrank.
$e = export_file('callgrind', undef, '--compare=full,half');
is($e->{status}, 0, '--compare: status 0') or diag($e->{stderr});
is_deeply($e->{paths}, ["$run->{file}.full-half.callgrind"], '--compare: the default file name');
my $path = $e->{paths}[0];
check_file_rules($path, 'compare');
my $a = annotate($path, '--inclusive=no');
is(events_line($path), 'growB growBk shrinkB shrinkBk totB totBk tmpB tmpBk', 'compare: the events');
my $diff = json_model('--compare=full,half', '--limit=0');
my ($grow, $growk, $shrink, $shrinkk) = (0, 0, 0, 0);
for my $s (@{ $diff->{sites} }) {
    my ($db, $dk) = ($s->{bytes} - $s->{old_bytes}, $s->{blocks} - $s->{old_blocks});
    $db > 0 ? ($grow += $db) : ($shrink -= $db);
    $dk > 0 ? ($growk += $dk) : ($shrinkk -= $dk);
}
is_deeply([@{ $a->{totals} }[0 .. 3]], [$grow, $growk, $shrink, $shrinkk], 'compare: totals growB growBk shrinkB shrinkBk');
is($shrink, 20 * 32 + 4000, 'compare: half the list and the table shrank');
my $by_fn = stats_by_label(json_model('--compare=full,half', '--key=function', '--limit=0'));
is_deeply([@{ $a->{fns}{'build_list(int)'} }[0 .. 3]], [0, 0, 640, 20], 'compare: build_list shrank by 20 nodes');
is_deeply([@{ $a->{fns}{main} }[0 .. 3]], [0, 0, 4000, 1], 'compare: main shrank by the table');

# Standard output and a named file.
$e = export_file('callgrind', undef, '--stats=full', '--output=-');
like($e->{stdout}, qr/\A# callgrind format\n/, '--output=-: the file on standard output');
is($e->{stderr}, '', '--output=-: nothing on standard error');
$e = export_file('callgrind', 'mine.out', '--stats=full');
is_deeply($e->{paths}, ["$run->{dir}/mine.out"], '--output=FILE');
ok(-s "$run->{dir}/mine.out", '--output=FILE: written');

done_testing();
