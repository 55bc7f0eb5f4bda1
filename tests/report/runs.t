# runs.t: --compare of snapshots of two files (FILE:SNAPSHOT).
#  - Two copies of one file compare exactly as the file with itself, by
#    every key, cumulative, with filters and in the export formats: the
#    merge of two runs loses and invents nothing.
#  - Two builds (tests/data/runs-old.msn, runs-new.msn: the golden cases
#    runs-* show the compare) match by function, file and line: every
#    frame id and directory differs, yet only the new line and the one
#    that grew have a difference.
#  - The ':' rule: a file part must be an existing file; two readings are
#    an error; a snapshot name with ':' of the FILE argument; bad input
#    to FILE:SNAPSHOT gets one line and the usual status.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use JSON::PP ();
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script data_dir read_file write_file);

my $dir = tempdir(CLEANUP => 1);
for my $f (qw(features.msn exports.msn runs-old.msn runs-new.msn churn.msn)) {
    copy(data_dir() . "/$f", "$dir/$f") or die "copy $f: $!\n";
}
copy("$dir/features.msn", "$dir/features-copy.msn") or die;
copy("$dir/exports.msn", "$dir/exports-copy.msn") or die;
copy("$dir/churn.msn", "$dir/churn-copy.msn") or die;

sub ok_run {
    my ($args, $name) = @_;
    my $r = run_script($dir, @$args);
    is($r->{status}, 0, "$name: exit status 0") or diag($r->{err});
    return $r;
}

# $out without its heading line (which names the files of two runs).
sub entries { my ($out) = @_; return $out =~ s/\A(?:Statistics of|Changes from) [^\n]*\n//r }

# Copies: FILE:OLD,COPY:NEW prints what OLD,NEW FILE prints, but for the
# heading, which names each snapshot's file.
my @variants = (
    ['--key=lineno', '--limit=0'], ['--key=filename', '--limit=0'], ['--key=function', '--limit=0'],
    ['--key=traceback', '--limit=0'], ['--cumulative', '--limit=0'], ['--key=function,cumulative'],
    ['--include=*.c', '--exclude=list.c:20', '--limit=0'], ['--include-all=rec.c', '--key=traceback'],
    ['--exclude-all=list.c', '--limit=3'],
);
for my $case (['features.msn', '#2', 'exit', @variants], ['features.msn', 'mid', 'exit', @variants[0, 3, 4]],
              ['exports.msn', 'full', 'exit', @variants[0, 2, 3, 5]], ['exports.msn', 'exit', 'full', $variants[3]]) {
    my ($file, $old, $new, @vs) = @$case;
    (my $copy = $file) =~ s/\.msn\z/-copy.msn/;
    for my $v (@vs) {
        my $name = "$file $old,$new @$v";
        my $one = ok_run(["--compare=$old,$new", @$v, $file], "$name, one file");
        my $two = ok_run(["--compare=$file:$old,$copy:$new", @$v], "$name, two files");
        is(entries($two->{out}), entries($one->{out}), "$name: two copies compare as one file");
        like($two->{out}, qr/\AChanges from \Q$file\E #\d+ '[^']+' to \Q$copy\E #\d+ '[^']+' by /,
             "$name: the heading names the files");
        like(entries($one->{out}), qr/\S/, "$name: something to compare");
        # The NEW snapshot in the FILE argument: the same again.
        my $mixed = ok_run(["--compare=$copy:$old,$new", @$v, $file], "$name, OLD of another file");
        is(entries($mixed->{out}), entries($one->{out}), "$name: FILE:OLD,NEW FILE");
    }
}

# Exports of two copies: the one file's, but for the names of the files.
for my $fmt (qw(callgrind speedscope json)) {
    my @args = ("--format=$fmt", '--output=-');
    my $one = ok_run(['--compare=full,exit', @args, 'exports.msn'], "$fmt, one file");
    my $two = ok_run(['--compare=exports.msn:full,exports-copy.msn:exit', @args], "$fmt, two files");
    if ($fmt eq 'json') {
        my ($d1, $d2) = map { JSON::PP::decode_json($_->{out}) } $one, $two;
        is($d2->{file}, 'exports.msn vs exports-copy.msn', 'json: file of two runs');
        is($d2->{old}{file}, 'exports.msn', 'json: old file');
        is($d2->{new}{file}, 'exports-copy.msn', 'json: new file');
        delete @$_{qw(file)} for $d1, $d2;
        delete $d2->{$_}{file} for qw(old new);
        is_deeply($d2, $d1, 'json: the one file\'s document');
    } else {
        my $norm = sub { $_[0] =~ s/ of exports-copy\.msn compared to (#\d+ '\w+') of exports\.msn/ compared to $1 of exports.msn/r };
        is($norm->($two->{out}), $one->{out}, "$fmt: the one file's export");
    }
}
my $pp = ok_run(['--compare=exports.msn:full,exports-copy.msn:exit', '--format=pprof'], 'pprof, two files');
is($pp->{err}, "memsnap_print: wrote exports.msn.full.pb.gz\nmemsnap_print: wrote exports-copy.msn.exit.pb.gz\n",
   'pprof: each snapshot beside its run');
ok(-s "$dir/exports.msn.full.pb.gz" && -s "$dir/exports-copy.msn.exit.pb.gz", 'pprof: both written');
# Files of format 5: each run's allocations beside its live blocks, as
# in one file; none between the two (they are of two runs).
{
    my $one = ok_run(['--compare=mid,mid', '--format=json', '--output=-', 'churn.msn'], 'json allocations, one file');
    my $two = ok_run(['--compare=churn.msn:mid,churn-copy.msn:mid', '--format=json', '--output=-'],
                     'json allocations, two files');
    my ($d1, $d2) = map { JSON::PP::decode_json($_->{out}) } $one, $two;
    ok($d1->{allocations_between} && !$d2->{allocations_between},
       'json allocations: between two snapshots of one run only');
    ok(scalar(grep { $_->{old_alloc_blocks} == 1000 && $_->{alloc_blocks} == 1000 && !$_->{blocks} } @{ $d2->{sites} }),
       'json allocations of two runs: the site whose blocks were all freed');
    is_deeply($d2->{sites}, $d1->{sites}, 'json allocations: the sites of two copies, as of one file');
    my $cg2 = ok_run(['--compare=churn.msn:mid,churn-copy.msn:mid', '--format=callgrind', '--output=-'],
                     'callgrind of two runs of format 5');
    like($cg2->{out}, qr/^events: growB growBk shrinkB shrinkBk$/m, 'callgrind of two runs: no allocations between');
}
my $cg = ok_run(['--compare=runs-old.msn:exit,runs-new.msn:#2', '--format=callgrind'], 'callgrind default name');
is($cg->{err}, "memsnap_print: wrote runs-new.msn.vs.runs-old.msn.exit-id2.callgrind\n", 'callgrind: the default name');
like(read_file("$dir/runs-new.msn.vs.runs-old.msn.exit-id2.callgrind"), qr/^totals: 656 64 0 0$/m,
     'callgrind: leak.c and util.c grew by 656 bytes, 64 blocks');

# Two builds: the difference is exactly the new line and the one that grew
# (the frames differ in id, directory and libc's directory).
my $r = ok_run(['--compare=runs-old.msn:exit,runs-new.msn:exit', '--limit=0'], 'two builds');
my @changed = grep { !/\(\+0 B\), count=\d+ \(\+0\)/ } split /\n/, entries($r->{out});
is_deeply(\@changed, ['leak.c:14: size=640 B (+640 B), count=64 (+64), average=10 B',
                      'util.c:5: size=48 B (+16 B), count=1 (+0), average=48 B'],
          'two builds: only leak.c:14 and util.c:5 (y) changed');
# One build whose two util.c (directories x and y) are defined in the
# other order: matched by directory first, so nothing changed.  (Matched
# in order alone, x and y would trade their 64 and 32 bytes.)
my $swapped = read_file("$dir/runs-old.msn");
$swapped =~ s{^(frame\t4\t.*?/build/a/)x(\t.*\n)(frame\t5\t.*?/build/a/)y(\t)}{$1y$2${3}x$4}m or die;
$swapped =~ s{^site\t4\t64\t1\nsite\t5\t32\t1\n}{site\t4\t32\t1\nsite\t5\t64\t1\n}m or die;
write_file("$dir/runs-swapped.msn", $swapped);
$r = ok_run(['--compare=runs-old.msn:exit,runs-swapped.msn:exit', '--key=traceback', '--limit=0'], 'x and y swapped');
(undef, my @entries) = split /^/, $r->{out};
is(scalar(grep { !/\(\+0 B\), count=\d+ \(\+0\)/ && !/^    / } @entries), 0,
   'x and y defined in the other order: matched by directory, nothing changed');
like($r->{out}, qr/^util\.c:5: size=64 B \(\+0 B\).*\n.*\n.*\nutil\.c:5: size=32 B \(\+0 B\)/m,
     '... both util.c:5 keys are there, unchanged');
$r = ok_run(['--compare=runs-new.msn:exit,runs-old.msn:exit', '--key=filename', '--limit=2'], 'reversed');
is($r->{out}, "Changes from runs-new.msn #2 'exit' to runs-old.msn #2 'exit' by filename, 2 of 5 entries:\n"
             . "leak.c:0: size=0 B (-640 B), count=0 (-64)\nutil.c:0: size=32 B (-16 B), count=1 (+0), average=32 B\n",
   'two builds reversed: leak.c freed, util.c shrank');
$r = ok_run(['--stats=runs-old.msn:exit', '--limit=1'], '--stats=FILE:SNAPSHOT');
is(entries($r->{out}), "list.c:20: size=250 B, count=15, average=17 B\n", '--stats=FILE:SNAPSHOT: the file\'s snapshot');
$r = ok_run(['--compare=runs-old.msn:start,runs-old.msn:#2', '--limit=1'], 'one file named twice');
is(entries($r->{out}), "list.c:20: size=250 B (+250 B), count=15 (+15), average=17 B\n", 'one file named twice: one run');

# The ':' rule.  Snapshots named "v1:warm" and "v1" in a file "t:1".
my $t1 = read_file("$dir/runs-old.msn") =~ s/\tstart\tclient\t/\tv1:warm\tclient\t/r;
$t1 =~ s/\texit\texit\t/\tv1\texit\t/;
write_file("$dir/t:1", $t1);
$r = ok_run(['--compare=v1:warm,v1', '--limit=1', 't:1'], 'a name with a colon, no such file');
is(entries($r->{out}), "list.c:20: size=250 B (+250 B), count=15 (+15), average=17 B\n", 'v1:warm is a snapshot of FILE');
$r = ok_run(['--compare=t:1:v1:warm,t:1:v1', '--limit=1'], 'a file name with a colon');
is(entries($r->{out}), "list.c:20: size=250 B (+250 B), count=15 (+15), average=17 B\n", 't:1:v1:warm is FILE t:1');
write_file("$dir/v1", $t1);
$r = run_script($dir, '--compare=v1:warm,v1', 't:1');
is($r->{status}, 1, 'a file v1 exists: v1:warm is FILE:SNAPSHOT, and v1 has no snapshot warm');
is($r->{err}, "memsnap_print: v1: no snapshot named 'warm'; the names are: v1:warm, v1\n", '... says so');
$r = ok_run(['--compare=t:1:v1:warm,#2', '--limit=1', 't:1'], 'FILE:NAME with the colon');
write_file("$dir/t", $t1);    # now "t" and "t:1" are both files

my @errors = (
    [['--compare=t:1:v1,t:1:v1:warm'], 2, "'t:1:v1' is ambiguous: 't' and 't:1' are both files; rename one, "
                                        . "or give the snapshot as #ID (see memsnap_print --help)"],
    [['--compare=nope.msn:exit,runs-new.msn:exit'], 1, "nope.msn: no such file (the file part of 'nope.msn:exit', FILE:SNAPSHOT)"],
    [['--compare=runs-old.msn:exit,.:exit'], 1, ".: is a directory (the file part of '.:exit', FILE:SNAPSHOT)"],
    [['--compare=runs-old.msn:exit,exit'], 2, "no file given for the snapshot 'exit' (see memsnap_print --help)"],
    [['--compare=runs-old.msn:,exit', 'runs-new.msn'], 2, "empty snapshot name after 'runs-old.msn:' (see memsnap_print --help)"],
    [['--compare=runs-old.msn:exit,runs-new.msn:exit', 'runs-new.msn'], 2,
     "the file 'runs-new.msn' is not used: every snapshot names its own file (see memsnap_print --help)"],
    [['--stats=runs-old.msn:exit', 'runs-new.msn'], 2,
     "the file 'runs-new.msn' is not used: every snapshot names its own file (see memsnap_print --help)"],
    [['--compare=runs-old.msn:exit,runs-new.msn:nope'], 1, "runs-new.msn: no snapshot named 'nope'; the names are: start, exit"],
    [['--compare=runs-old.msn:#7,runs-new.msn:exit'], 1, "runs-old.msn: no snapshot #7; the ids are #1 to #2"],
    [['--compare=runs-old.msn:exit,features.msn:nope'], 1, "features.msn: no snapshot named 'nope'; the names are: start, monitor-2, mid, exit"],
    [['--compare=runs-old.msn:exit,runs-new.msn:exit', '--html'], 2,
     "--html shows one run: it cannot compare snapshots of two files (see memsnap_print --help)"],
    [['--compare=runs-old.msn:exit,runs-new.msn:exit', '--format=massif'], 2,
     "--format=massif exports the whole run: no --stats or --compare (see memsnap_print --help)"],
    [['--compare=runs-old.msn:exit,runs-new.msn:exit', '--key=traceback', '--cumulative'], 2,
     "cumulative mode cannot be used with key type 'traceback' (see memsnap_print --help)"],
    [['--compare=runs-old.msn:exit,empty.msn:exit'], 1, "empty.msn: cannot open: No such file or directory"],
);
write_file("$dir/empty.msn", '');
$errors[-1][2] = 'empty.msn: empty file';
for my $e (@errors) {
    my ($args, $status, $want) = @$e;
    my $r = run_script($dir, @$args);
    my $name = "@$args";
    is($r->{status}, $status, "$name: exit status $status");
    is($r->{err}, "memsnap_print: $want\n", "$name: one line");
    is($r->{out}, '', "$name: nothing on standard output");
}

# A run that did not finish: its notice, then the compare.
copy(data_dir() . '/killed.msn', "$dir/killed.msn") or die;
$r = ok_run(['--compare=killed.msn:#1,runs-new.msn:exit', '--limit=1'], 'a killed run');
like($r->{err}, qr/\Amemsnap_print: note: killed\.msn: the run did not finish/, 'a killed run: the notice names it');

done_testing();
