# callgrind.t: memsnap_print --format=callgrind of a snapshot and of a
# compare of tests/progs/exports, read back by callgrind_annotate (from
# Debian's valgrind package): its totals, its inclusive and self costs per
# function and its per-line costs of the program's source equal
# memsnap_print's statistics of the same snapshots (--key=function with and
# without --cumulative, --key=lineno), and the file keeps the rules other
# readers need (a cfi= line before every cfn=, calls= of at least 1).
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
        elsif (defined $line && /^\s*((?:(?:[0-9,]+ +\( *[0-9.]+%\)|\.) +)+)(=>)?/) {
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

my @snapshots = ('full', 'half', 'exit');
for my $snap (@snapshots) {
    my $e = export_file('callgrind', undef, "--stats=$snap");
    is($e->{status}, 0, "--stats=$snap: status 0") or diag($e->{stderr});
    is_deeply($e->{paths}, ["$run->{file}.$snap.callgrind"], "--stats=$snap: the default file name");
    my $path = $e->{paths}[0];
    check_file_rules($path, $snap);
    my $model = json_model("--stats=$snap", '--limit=0');
    my $incl = annotate($path, '--inclusive=yes', '--auto=yes');
    is_deeply($incl->{totals}, [@{ $model->{snapshot} }{qw(bytes blocks)}], "$snap: totals");
    my $cum = stats_by_label(json_model("--stats=$snap", '--key=function', '--cumulative', '--limit=0'));
    # (Frames without a function name are one function per object in the
    # file, so a stack with two of them is a recursion there; and
    # callgrind_annotate counts a called function's cost only through its
    # calls, so the outermost of them, a root, is not in its inclusive cost.)
    delete $_->{'<unknown>'} for $incl->{fns}, $cum;
    is_deeply($incl->{fns}, $cum, "$snap: inclusive cost per function = --key=function --cumulative");
    my $self = annotate($path, '--inclusive=no');
    my $fn = stats_by_label(json_model("--stats=$snap", '--key=function', '--limit=0'));
    my %self_nonzero = map { $_ => $self->{fns}{$_} } grep { grep { $_ } @{ $self->{fns}{$_} } } keys %{ $self->{fns} };
    is_deeply(\%self_nonzero, $fn, "$snap: self cost per function = --key=function");
    my $lineno = stats_by_label($model);
    my %want = map { $_ => $lineno->{$_} } grep { /\Aexports\.cpp:/ } keys %$lineno;
    ok(%want, "$snap: some lines of exports.cpp have blocks");
    is_deeply($incl->{lines}, \%want, "$snap: per-line costs of exports.cpp = --key=lineno");
}

# A compare: four events, none negative; what grew and what shrank.
my $e = export_file('callgrind', undef, '--compare=full,half');
is($e->{status}, 0, '--compare: status 0') or diag($e->{stderr});
is_deeply($e->{paths}, ["$run->{file}.full-half.callgrind"], '--compare: the default file name');
my $path = $e->{paths}[0];
check_file_rules($path, 'compare');
my $a = annotate($path, '--inclusive=no');
my $diff = json_model('--compare=full,half', '--limit=0');
my ($grow, $growk, $shrink, $shrinkk) = (0, 0, 0, 0);
for my $s (@{ $diff->{sites} }) {
    my ($db, $dk) = ($s->{bytes} - $s->{old_bytes}, $s->{blocks} - $s->{old_blocks});
    $db > 0 ? ($grow += $db) : ($shrink -= $db);
    $dk > 0 ? ($growk += $dk) : ($shrinkk -= $dk);
}
is_deeply($a->{totals}, [$grow, $growk, $shrink, $shrinkk], 'compare: totals growB growBk shrinkB shrinkBk');
is($shrink, 20 * 32 + 4000, 'compare: half the list and the table shrank');
my $by_fn = stats_by_label(json_model('--compare=full,half', '--key=function', '--limit=0'));
is_deeply($a->{fns}{'build_list(int)'}, [0, 0, 640, 20], 'compare: build_list shrank by 20 nodes');
is_deeply($a->{fns}{main}, [0, 0, 4000, 1], 'compare: main shrank by the table');

# Standard output and a named file.
$e = export_file('callgrind', undef, '--stats=full', '--output=-');
like($e->{stdout}, qr/\A# callgrind format\n/, '--output=-: the file on standard output');
is($e->{stderr}, '', '--output=-: nothing on standard error');
$e = export_file('callgrind', 'mine.out', '--stats=full');
is_deeply($e->{paths}, ["$run->{dir}/mine.out"], '--output=FILE');
ok(-s "$run->{dir}/mine.out", '--output=FILE: written');

done_testing();
