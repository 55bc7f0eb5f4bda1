# errors.t: every kind of bad input gets exactly one line on standard
# error, "memsnap_print: FILE:LINE: message" (or "FILE: message"), nothing
# on standard output and exit status 1; usage errors exit 2.  Never a Perl
# warning, a "... at LINE" location or a stack trace.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script write_file);

# Runs memsnap_print in $dir and checks the one-line error $want, status $status.
sub error_ok {
    my ($dir, $args, $status, $want, $name) = @_;
    my $r = run_script($dir, @$args);
    my $ok = is($r->{status}, $status, "$name: exit status $status");
    $ok &= is($r->{out}, '', "$name: nothing on standard output");
    $ok &= ref $want ? like($r->{err}, $want, "$name: message")
                     : is($r->{err}, "memsnap_print: $want\n", "$name: one-line message");
    $ok &= unlike($r->{err}, qr/ at \S+ line \d+|internal error/, "$name: no Perl location");
    diag($r->{err}) unless $ok;
}

# The files of tests/data, each with its own comment.
my @data_cases = (
    ['empty.msn',       'empty.msn: empty file'],
    ['corrupt.msn',     "corrupt.msn:11: site: field 'bytes' is not a number: '8x0'"],
    ['bad-escape.msn',  "bad-escape.msn:5: frame: field 'fn' has the bad escape '\\x' (only \\\\, \\t and \\n exist)"],
    ['future-version.msn', 'future-version.msn:2: unsupported format version 99 (memsnap_print reads versions 1, 2, 3, 4 and 5)'],
    ['not-memsnap.msn', "not-memsnap.msn:3: not a memsnap file (the first record is not 'memsnap-format')"],
    ['missing.msn',     'missing.msn: cannot open: No such file or directory'],
    ['.',               '.: is a directory'],
    ['timeline-outside.msn',   "timeline-outside.msn:12: 'point' record outside a timeline block"],
    ['timeline-count.msn',     "timeline-count.msn:10: 'summary' record inside the timeline of line 7, after 2 of its 3 point lines"],
);
for my $c (@data_cases) {
    my ($file, $want) = @$c;
    error_ok(undef, [$file], 1, $want, $file);
    error_ok(undef, ['--compare=a,b', $file], 1, $want, "$file with --compare");
}

# Small files written here: [name, contents, expected message without the
# "memsnap_print: FILE:" prefix].  The header and definitions they share:
my $head = "memsnap-format\t1\ncmd\t./p\nframe\t1\t5\tmain\tp.c\t/d\t/d/p\nstack\t1\t0\t1\n"
         . "frame\t2\t6\tmain\tp.c\t/d\t/d/p\nstack\t2\t0\t2\n";    # lines 1-6
my $snap = "snapshot\t1\ts\tclient\t1\t30\t30\t3\t30\t2\n";            # line 7
my $empty = "snapshot\t1\ts\tclient\t1\t0\t0\t0\t0\t0\nend\t1\n";          # lines 7-8
my @cases = (
    ['only comments',       "# nothing\n\n",  " not a memsnap file (no 'memsnap-format' record)"],
    ['first record',        "cmd\t./p\nmemsnap-format\t1\n", "1: not a memsnap file (the first record is not 'memsnap-format')"],
    ['binary',              "\x7fELF\x02\x01\x01\0\0\0", "1: not a memsnap file (the first record is not 'memsnap-format')"],
    ['cut first record',    "# memsnap output file\nmemsnap-form", "2: truncated file: it ends inside its first record"],
    ['version not a number', "memsnap-format\tone\n", "1: memsnap-format: field 'version' is not a number: 'one'"],
    ['CRLF',                "memsnap-format\t1\r\n", "1: memsnap-format: field 'version' is not a number: '1\\x0d'"],
    ['two format records',  "memsnap-format\t1\nmemsnap-format\t1\n", "2: a second 'memsnap-format' record"],
    ['bad keyword',         "memsnap-format\t1\nSite\t1\n", '2: not a record: bad keyword'],
    ['leading space',       "memsnap-format\t1\n frame\t1\n", '2: not a record: bad keyword'],
    ['too few fields',      "memsnap-format\t1\nframe\t1\t5\tmain\tp.c\t/d\n", '2: frame: wrong number of fields (5, expected 6)'],
    ['too many fields',     "memsnap-format\t1\npid\t1\t2\n", '2: pid: wrong number of fields (2, expected 1)'],
    ['plus sign',           "memsnap-format\t1\npid\t+1\n", "2: pid: field 'pid' is not a number: '+1'"],
    ['negative',            "memsnap-format\t1\ndepth\t-1\n", "2: depth: field 'depth' is not a number: '-1'"],
    ['empty number',        "memsnap-format\t1\nppid\t\n", "2: ppid: field 'ppid' is not a number: ''"],
    ['trailing backslash',  "memsnap-format\t1\ncmd\t./p\\\n", "2: cmd: field 'command' has a backslash at its end (only \\\\, \\t and \\n exist)"],
    ['escaped backslash then x', "memsnap-format\t1\ncmd\t\\\\\\x\n", "2: cmd: field 'command' has the bad escape '\\x' (only \\\\, \\t and \\n exist)"],
    ['frame id gap',        "memsnap-format\t1\nframe\t2\t5\tm\tp.c\t\t\n", '2: frame id 2 out of sequence (expected 1)'],
    ['frame id repeated',   $head . "frame\t2\t5\tm\tp.c\t\t\n", '7: frame id 2 out of sequence (expected 3)'],
    ['stack id repeated',   $head . "stack\t2\t0\t1\n", '7: stack id 2 out of sequence (expected 3)'],
    ['stack without frames', $head . "stack\t3\t0\n", '7: stack: wrong number of fields (2, expected at least 3)'],
    ['undefined frame',     $head . "stack\t3\t0\t1\t3\n", '7: stack 3: undefined frame id 3'],
    ['frame id 0',          $head . "stack\t3\t0\t0\n", '7: stack 3: undefined frame id 0'],
    ['attributed',          $head . "stack\t3\t2\t1\t2\n", '7: stack 3: attributed frame index 2 out of range (it has 2 frames)'],
    ['site outside',        $head . "site\t1\t10\t1\n", "7: 'site' record outside a snapshot"],
    ['end outside',         $head . "end\t1\n", "7: 'end' record outside a snapshot"],
    ['unknown origin',      $head . "snapshot\t1\ts\tvgdb\t1\t0\t0\t0\t0\t0\n", "7: snapshot 1: unknown origin 'vgdb' (client, monitor, peak, exit or auto)"],
    ['snapshot id 0',       $head . "snapshot\t0\ts\tclient\t1\t0\t0\t0\t0\t0\n", '7: snapshot id 0 is not greater than the previous one (0)'],
    ['snapshot ids',        $head . "snapshot\t2\ts\tclient\t1\t0\t0\t0\t0\t0\nend\t2\nsnapshot\t2\tt\tclient\t1\t0\t0\t0\t0\t0\nend\t2\n",
                            '9: snapshot id 2 is not greater than the previous one (2)'],
    ['undefined stack',     $head . $snap . "site\t3\t10\t1\n", '8: site: undefined stack id 3'],
    ['stack 0',             $head . $snap . "site\t0\t10\t1\n", '8: site: undefined stack id 0'],
    ['huge stack id',       $head . $snap . "site\t99999999999999999999\t10\t1\n", '8: site: undefined stack id 99999999999999999999'],
    ['no blocks',           $head . $snap . "site\t1\t10\t0\n", '8: site: stack 1 has no blocks (a site has at least one)'],
    ['stack twice',         $head . $snap . "site\t1\t10\t1\nsite\t2\t10\t1\nsite\t1\t10\t1\nend\t1\n",
                            '10: snapshot 1: stack 1 has a second site line'],
    ['too many sites',      $head . $snap . "site\t1\t10\t1\nsite\t2\t10\t1\n# extra:\nsite\t2\t10\t1\nend\t1\n",
                            '11: snapshot 1: stack 2 has a second site line'],
    ['too few sites',       $head . $snap . "site\t1\t30\t3\nend\t1\n", '9: snapshot 1: 1 site lines, but N-STACKS is 2'],
    ['bytes do not add up', $head . $snap . "site\t1\t10\t2\nsite\t2\t10\t1\nend\t1\n",
                            '10: snapshot 1: the site lines add up to 20 bytes in 3 blocks, but the snapshot says 30 bytes in 3 blocks'],
    ['blocks do not add up', $head . $snap . "site\t1\t20\t1\nsite\t2\t10\t1\nend\t1\n",
                            '10: snapshot 1: the site lines add up to 30 bytes in 2 blocks, but the snapshot says 30 bytes in 3 blocks'],
    ['end of another',      $head . $snap . "site\t1\t20\t2\nsite\t2\t10\t1\nend\t2\n", "10: 'end 2' does not close snapshot 1"],
    ['frame in a snapshot', $head . $snap . "frame\t3\t7\tm\tp.c\t\t\n", "8: 'frame' record inside snapshot 1 (before its 'end' line)"],
    ['snapshot in a snapshot', $head . $snap . "snapshot\t2\tt\tclient\t1\t0\t0\t0\t0\t0\n", "8: 'snapshot' record inside snapshot 1 (before its 'end' line)"],
    ['summary in a snapshot', $head . $snap . "summary\t1\t1\t1\t1\t1\t1\n", "8: 'summary' record inside snapshot 1 (before its 'end' line)"],
    ['record after summary', $head . "summary\t1\t1\t1\t1\t1\t1\ncmd\tx\n", "8: 'cmd' record after the summary (the summary is the last record)"],
    # Timelines (lines 7-8: a snapshot; 9: a timeline block).
    ['bad time unit',       $head . $empty . "timeline\ts\t0\n", "9: timeline: unknown unit 's' (B, ms or i)"],
    ['timeline fields',     $head . $empty . "timeline\tB\n", '9: timeline: wrong number of fields (1, expected 2)'],
    ['timeline count',      $head . $empty . "timeline\tB\tmany\n", "9: timeline: field 'n-points' is not a number: 'many'"],
    ['point outside',       $head . "point\t0\t0\t0\t\n", "7: 'point' record outside a timeline block"],
    ['one point too many',  $head . $empty . "timeline\tB\t1\npoint\t0\t0\t0\t\n# one more:\npoint\t1\t0\t0\t\n",
                            "12: 'point' record outside a timeline block (more point lines than the N-POINTS of the timeline before it)"],
    ['points too few',      $head . $empty . "timeline\tB\t2\npoint\t0\t0\t0\t\nend\t1\n",
                            "11: 'end' record inside the timeline of line 9, after 1 of its 2 point lines"],
    ['no points, then one', $head . $empty . "timeline\tB\t0\npoint\t0\t0\t0\t\n",
                            "10: 'point' record outside a timeline block (more point lines than the N-POINTS of the timeline before it)"],
    ['snapshot in timeline', $head . $empty . "timeline\tB\t2\npoint\t0\t0\t0\t\n" . $snap,
                            "11: 'snapshot' record inside the timeline of line 9, after 1 of its 2 point lines"],
    ['timeline in snapshot', $head . $snap . "timeline\tB\t0\n", "8: 'timeline' record inside snapshot 1 (before its 'end' line)"],
    ['point fields',        $head . $empty . "timeline\tB\t1\npoint\t0\t0\t0\n", '10: point: wrong number of fields (3, expected 4)'],
    ['point not a number',  $head . $empty . "timeline\tB\t1\npoint\t0\t-5\t0\t\n", "10: point: field 'bytes' is not a number: '-5'"],
    ['bad mark',            $head . $empty . "timeline\tB\t1\npoint\t0\t0\t0\tPeak\n", "10: point: bad mark 'Peak' (empty, #ID or peak)"],
    ['mark without id',     $head . $empty . "timeline\tB\t1\npoint\t0\t0\t0\t#\n", "10: point: bad mark '#' (empty, #ID or peak)"],
    ['mark by name',        $head . $empty . "timeline\tB\t1\npoint\t0\t0\t0\t#s\n", "10: point: bad mark '#s' (empty, #ID or peak)"],
    ['mark of no snapshot', $head . $empty . "timeline\tB\t1\npoint\t0\t0\t0\t#2\n", '10: point: mark #2 names no snapshot before it'],
    ['time goes back',      $head . $empty . "timeline\tms\t3\npoint\t5\t0\t0\t\npoint\t5\t0\t0\t#1\npoint\t4\t0\t0\t\n",
                            '12: point: time 4 is before the time of the point before it (5)'],
    ['timeline after summary', $head . "summary\t1\t1\t1\t1\t1\t1\ntimeline\tB\t0\n", "8: 'timeline' record after the summary (the summary is the last record)"],
    ['two summaries',       $head . "summary\t1\t1\t1\t1\t1\t1\nsummary\t1\t1\t1\t1\t1\t1\n", "8: 'summary' record after the summary (the summary is the last record)"],
);
my $dir = tempdir(CLEANUP => 1);
for my $c (@cases) {
    my ($name, $text, $want) = @$c;
    (my $file = "$name.msn") =~ tr/ /-/;
    write_file("$dir/$file", $text);
    error_ok($dir, [$file], 1, "$file:$want", $name);
}

# Files cut short (the run was killed, or the disk was full, while memsnap
# wrote them): one note naming the line where the unfinished part starts,
# then the report on every complete snapshot, status 0.
# [name, contents, line and what the file ends inside, complete snapshots]
my $two = $empty . "snapshot\t2\tt\tclient\t2\t30\t30\t3\t30\t2\n";    # lines 7-9
my @cut_cases = (
    ['site without newline', $head . $two . "site\t1\t20\t2", '9: the file ends inside snapshot 2', 1],
    ['end without newline',  $head . $two . "site\t1\t20\t2\nsite\t2\t10\t1\nend\t2", '9: the file ends inside snapshot 2', 1],
    ['snapshot line cut',    $head . $empty . "snapshot\t2\tt\tcli", '9: the file ends inside snapshot 2', 1],
    ['keyword cut',          $head . $empty . "snap", '9: the file ends inside a record', 1],
    ['comment without newline', $head . "# cut", '7: the file ends inside a record', 0],
    ['ends in a snapshot',   $head . $two . "site\t1\t20\t2\n# more to come\n", '9: the file ends inside snapshot 2', 1],
    ['ends in a timeline',   $head . $empty . "timeline\ti\t3\npoint\t0\t0\t0\t#1\n# cut\n",
                             '9: the file ends inside the timeline', 1],
    ['point without newline', $head . $empty . "timeline\tB\t1\npoint\t0\t0\t0\t", '9: the file ends inside the timeline', 1],
    ['timeline line cut',    $head . $empty . "timeline\tB\t", '9: the file ends inside the timeline', 1],
    ['summary cut',          $head . $empty . "summary\t0\t0", '9: the file ends inside a record', 1],
    ['data: truncated.msn',  undef, '16: the file ends inside snapshot 2', 1, 'truncated.msn'],
    ['data: no-newline.msn', undef, '9: the file ends inside a record', 1, 'no-newline.msn'],
    ['data: timeline-truncated.msn', undef, '7: the file ends inside the timeline', 1, 'timeline-truncated.msn'],
);
for my $c (@cut_cases) {
    my ($name, $text, $want, $n, $file) = @$c;
    my $in = $dir;
    if (defined $text) {
        ($file = "$name.msn") =~ tr/ /-/;
        write_file("$dir/$file", $text);
    } else {
        $in = undef;
    }
    my $r = run_script($in, $file);
    is($r->{status}, 0, "$name: status 0");
    is($r->{err}, "memsnap_print: note: $file:$want, cut while it was being written (the run was killed, "
                  . "or the disk or the file size limit was full); showing $n complete snapshot"
                  . ($n == 1 ? '' : 's') . "\n", "$name: one note");
    like($r->{out}, qr/^No snapshots in the file\.$/m, "$name: no snapshots") if $n == 0;
    $r = run_script($in, '--stats=#1', $file) if $n;
    is($r->{status}, 0, "$name: the complete snapshot is usable") if $n;
}

# Valid edge cases: unknown records are skipped, even inside a snapshot and
# after the summary; a file without snapshots.
write_file("$dir/skips.msn", $head . "new-header\tx\n" . $snap
           . "site\t1\t20\t2\nnew-record\t1\nsite\t2\t10\t1\nend\t1\nsummary\t30\t3\t30\t3\t30\t3\nlater\t1\n");
my $r = run_script($dir, '--stats=s', 'skips.msn');
is($r->{out}, "Statistics of #1 's' by lineno, 2 of 2 entries:\n"
             . "p.c:5: size=20 B, count=2, average=10 B\np.c:6: size=10 B, count=1, average=10 B\n",
   'unknown records are ignored');
is($r->{err} . $r->{status}, '0', 'no message, status 0');
write_file("$dir/header-only.msn", "memsnap-format\t1\ncmd\t./p\n");
$r = run_script($dir, 'header-only.msn');
like($r->{out}, qr/^No snapshots in the file\.$/m, 'a file without snapshots: a report saying so');
is($r->{err}, "memsnap_print: note: header-only.msn: the run did not finish (no summary); "
            . "showing 0 complete snapshots\n", 'and the notice');
is($r->{status}, 0, 'status 0');
error_ok($dir, ['--stats=exit', 'header-only.msn'], 1,
         qr/\Amemsnap_print: note: .*\nmemsnap_print: header-only.msn: no snapshot named 'exit'; it has no snapshots\n\z/,
         'selection in a file without snapshots');

# Valid timelines at the edges: an empty block (the report falls back to
# the graph across the snapshots), numbers and marks with leading zeros,
# a single point with no bytes at time 0.
write_file("$dir/empty-timeline.msn", $head . $empty . "timeline\tB\t0\n");
$r = run_script($dir, 'empty-timeline.msn');
like($r->{out}, qr/^Traced bytes of snapshots #1 to #1, one column per snapshot\.$/m,
     'an empty timeline: the graph across the snapshots');
is($r->{status}, 0, 'status 0');
write_file("$dir/zeros.msn", $head . $empty . "timeline\tB\t2\npoint\t000\t0\t0\t#001\npoint\t010\t0064\t01\tpeak\n");
$r = run_script($dir, 'zeros.msn');
like($r->{out}, qr/^   \@       1        0      0       0  snapshot #1 's'\n   #      72       10     64       1  the peak\n/m,
     'leading zeros: numbers and ids read as decimal');
like($r->{out}, qr/^No peak snapshot \(the run did not finish\); the timeline's peak: 64 bytes in 1 block, at 10 bytes allocated\.$/m,
     'the timeline\'s peak');
write_file("$dir/flat.msn", $head . $empty . "timeline\tms\t1\npoint\t0\t0\t0\t\n");
$r = run_script($dir, '--height=4', 'flat.msn');
like($r->{out}, qr/^    B\n    0\^\n     \|\n     \|\n     \|\n    0\+-{72}>ms\n     0 {71}0\n/m,
     'a flat timeline: empty rows, both axes from 0 to 0');
is($r->{status}, 0, 'status 0');

# Selection errors: exit status 1, the names or ids that exist.
error_ok(undef, ['--stats=nosuch', 'features.msn'], 1,
         "features.msn: no snapshot named 'nosuch'; the names are: start, monitor-2, mid, exit", 'unknown name');
error_ok(undef, ['--compare=mid,nosuch', 'features.msn'], 1,
         "features.msn: no snapshot named 'nosuch'; the names are: start, monitor-2, mid, exit", 'unknown new name');
error_ok(undef, ['--compare=#6,exit', 'features.msn'], 1,
         'features.msn: no snapshot #6; the ids are #1 to #5', 'unknown id');
error_ok(undef, ['--stats=exit', 'killed.msn'], 1,
         qr/\Amemsnap_print: note: killed.msn: the run did not finish .*\nmemsnap_print: killed.msn: no snapshot named 'exit'; the names are: before, after\n\z/,
         'no exit snapshot in the file of a killed run');
my $gen = dirname(abs_path(__FILE__)) . '/gen-big-msn';
system("$^X \Q$gen\E --snapshots=30 --sites=1 > \Q$dir/many.msn\E") == 0
    or die "gen-big-msn failed\n";
error_ok($dir, ['--stats=nosuch', 'many.msn'], 1,
         "many.msn: no snapshot named 'nosuch'; the names are: " . join(', ', map { "s$_" } 1 .. 9)
         . ', monitor-10, ' . join(', ', map { "s$_" } 11 .. 19) . ', monitor-20 (and 10 more)',
         'at most 20 names listed');

# Usage errors: exit status 2.
my @usage = (
    [[], 'no file given (see memsnap_print --help)'],
    [['a.msn', 'b.msn'], 'expected one file, got 2 (see memsnap_print --help)'],
    [['--key=bogus', 'example.msn'], "unknown key type 'bogus' (lineno, filename, function or traceback) (see memsnap_print --help)"],
    [['--key=traceback', '--cumulative', 'example.msn'], "cumulative mode cannot be used with key type 'traceback' (see memsnap_print --help)"],
    [['--key=traceback,cumulative', 'example.msn'], "cumulative mode cannot be used with key type 'traceback' (see memsnap_print --help)"],
    [['--limit=-1', 'example.msn'], '--limit must be 0 (all) or more, not -1 (see memsnap_print --help)'],
    [['--width=3', 'example.msn'], '--width must be 4 to 1000, not 3 (see memsnap_print --help)'],
    [['--width=1001', 'example.msn'], '--width must be 4 to 1000, not 1001 (see memsnap_print --help)'],
    [['--height=0', 'example.msn'], '--height must be 4 to 1000, not 0 (see memsnap_print --help)'],
    [['--height=-20', 'example.msn'], '--height must be 4 to 1000, not -20 (see memsnap_print --help)'],
    [['--width=wide', 'example.msn'], "--width takes a number, not 'wide' (see memsnap_print --help)"],
    [['--stats=after', '--compare=before,after', 'example.msn'], '--stats and --compare cannot be used together (see memsnap_print --help)'],
    [['--compare=before', 'example.msn'], "--compare takes two snapshots, OLD,NEW, not 'before' (see memsnap_print --help)"],
    [['--compare=before,', 'example.msn'], "--compare takes two snapshots, OLD,NEW, not 'before,' (see memsnap_print --help)"],
    [['--compare=a,b,c', 'example.msn'], "--compare takes two snapshots, OLD,NEW, not 'a,b,c' (see memsnap_print --help)"],
    [['--stats=', 'example.msn'], qr/\Amemsnap_print: Option stats requires an argument\nUsage:/],
    [['--stats', '', 'example.msn'], 'empty snapshot name (see memsnap_print --help)'],
    [['--compare=,after', 'example.msn'], "--compare takes two snapshots, OLD,NEW, not ',after' (see memsnap_print --help)"],
    [['--bogus', 'example.msn'], qr/\Amemsnap_print: Unknown option: bogus\nUsage:/],
    [['--limit=ten', 'example.msn'], "--limit takes a number, not 'ten' (see memsnap_print --help)"],
    [['--limit=abc', 'example.msn'], "--limit takes a number, not 'abc' (see memsnap_print --help)"],
    [['--limit=1.5', 'example.msn'], "--limit takes a number, not '1.5' (see memsnap_print --help)"],
    [['--stats=exit', '--include=x.c:abc', 'example.msn'],
     "--include=x.c:abc: the line after ':' must be a number (write a ':' of a file name as [:]) "
     . "(see memsnap_print --help)"],
    [['--stats=exit', '--exclude-all=*.c:1?', 'example.msn'],
     "--exclude-all=*.c:1?: the line after ':' must be a number (write a ':' of a file name as [:]) "
     . "(see memsnap_print --help)"],
    [['--stats'], qr/\Amemsnap_print: Option stats requires an argument\nUsage:/],
);
for my $u (@usage) {
    my ($args, $want) = @$u;
    error_ok(undef, $args, 2, $want, "usage: @$args");
}
done_testing();
