# check.t: memsnap_print --check=RULE, the budgets.
#  - Every kind of rule (peak, exit, snapshot, growth of one run and of
#    two, site, file, function; bytes in every unit, blocks, percent;
#    every operator) holding and broken, on tests/data/timeline.msn (its
#    numbers are in its comments: peak 10,000 bytes in 101 blocks, 3,200
#    bytes in 22 blocks at exit) and runs-old.msn / runs-new.msn: the
#    exact lines, the entries under a broken rule, exit status 0 or 1.
#  - The entries are the statistics lines that --stats and --compare
#    print, limited by --limit (default 5), by --key.
#  - Bad rules, options and files: one line naming the rule, status 2.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script write_file);

# [rules and options, file, exit status, standard output]: one rule each
# unless said.
my $peak_entries = "      grow.c:20: size=6000 B, count=100, average=60 B\n"
                 . "      grow.c:10: size=4000 B, count=1, average=4000 B\n";
my $exit_entries = "      grow.c:30: size=2000 B, count=2, average=1000 B\n"
                 . "      grow.c:20: size=1200 B, count=20, average=60 B\n";
my @cases = (
    # peak, in every unit and with every operator.
    [['peak<=10000'], 0, "ok    peak<=10000: the peak is 10,000 bytes (9.8 KiB)\n"],
    [['peak < 10000 B'], 1, "FAIL  peak < 10000 B: the peak is 10,000 bytes (9.8 KiB)\n$peak_entries"],
    [['peak==9.765625KiB'], 0, "ok    peak==9.765625KiB: the peak is 10,000 bytes (9.8 KiB)\n"],
    [['peak<=10KB'], 0, "ok    peak<=10KB: the peak is 10,000 bytes (9.8 KiB)\n"],
    [['peak<.01MB'], 1, "FAIL  peak<.01MB: the peak is 10,000 bytes (9.8 KiB)\n$peak_entries"],
    [['peak>=1MiB'], 1, "FAIL  peak>=1MiB: the peak is 10,000 bytes (9.8 KiB)\n$peak_entries"],
    [['peak>0.000001GiB'], 0, "ok    peak>0.000001GiB: the peak is 10,000 bytes (9.8 KiB)\n"],
    [['peak<=1TiB'], 0, "ok    peak<=1TiB: the peak is 10,000 bytes (9.8 KiB)\n"],
    [['peak<=0.000000009TB'], 1, "FAIL  peak<=0.000000009TB: the peak is 10,000 bytes (9.8 KiB)\n$peak_entries"],
    [['peak<=0.00000001TB'], 0, "ok    peak<=0.00000001TB: the peak is 10,000 bytes (9.8 KiB)\n"],
    [['peak<=0.001GB'], 0, "ok    peak<=0.001GB: the peak is 10,000 bytes (9.8 KiB)\n"],
    [['peak<=101blocks'], 0, "ok    peak<=101blocks: the peak is 101 blocks\n"],
    [['peak<100 blocks'], 1, "FAIL  peak<100 blocks: the peak is 101 blocks\n$peak_entries"],
    # exit.
    [['exit<=0'], 1, "FAIL  exit<=0: 3,200 bytes (3.1 KiB) left at exit\n$exit_entries"],
    [['exit<=3200'], 0, "ok    exit<=3200: 3,200 bytes (3.1 KiB) left at exit\n"],
    [['exit>=23blocks'], 1, "FAIL  exit>=23blocks: 22 blocks left at exit\n"
                            . "      grow.c:20: size=1200 B, count=20, average=60 B\n"
                            . "      grow.c:30: size=2000 B, count=2, average=1000 B\n"],
    [['exit==22block'], 0, "ok    exit==22block: 22 blocks left at exit\n"],
    # snapshot(S).
    [['snapshot(again)==7200'], 0, "ok    snapshot(again)==7200: #4 'again' holds 7,200 bytes (7.0 KiB)\n"],
    [['snapshot(#2)>4000'], 1, "FAIL  snapshot(#2)>4000: #2 'table' holds 4,000 bytes (3.9 KiB)\n"
                               . "      grow.c:10: size=4000 B, count=1, average=4000 B\n"],
    [['snapshot( start )<=0blocks'], 0, "ok    snapshot( start )<=0blocks: #1 'start' holds 0 blocks\n"],
    # growth of one run: the entries are those that moved that way.
    [['growth(table,again)<=3000'], 1,
     "FAIL  growth(table,again)<=3000: grew by 3,200 bytes (3.1 KiB): 4,000 -> 7,200 bytes\n"
     . "      grow.c:30: size=2000 B (+2000 B), count=2 (+2), average=1000 B\n"
     . "      grow.c:20: size=1200 B (+1200 B), count=20 (+20), average=60 B\n"],
    [['growth(peak,exit)<=0'], 0, "ok    growth(peak,exit)<=0: shrank by 6,800 bytes (6.6 KiB): 10,000 -> 3,200 bytes\n"],
    [['growth(peak,exit)>=-50%'], 1,
     "FAIL  growth(peak,exit)>=-50%: shrank by 68.0%: 10,000 -> 3,200 bytes\n"
     . "      grow.c:20: size=1200 B (-4800 B), count=20 (-80), average=60 B\n"
     . "      grow.c:10: size=0 B (-4000 B), count=0 (-1)\n"],
    [['growth(table,again)<=80%'], 0, "ok    growth(table,again)<=80%: grew by 80.0%: 4,000 -> 7,200 bytes\n"],
    [['growth(table,again)<80%'], 1,
     "FAIL  growth(table,again)<80%: grew by 80.0%: 4,000 -> 7,200 bytes\n"
     . "      grow.c:30: size=2000 B (+2000 B), count=2 (+2), average=1000 B\n"
     . "      grow.c:20: size=1200 B (+1200 B), count=20 (+20), average=60 B\n"],
    [['growth(start,table)<=1000%'], 1,
     "FAIL  growth(start,table)<=1000%: grew by an infinite percentage (from 0): 0 -> 4,000 bytes\n"
     . "      grow.c:10: size=4000 B (+4000 B), count=1 (+1), average=4000 B\n"],
    [['growth(start,#1)==0%'], 0, "ok    growth(start,#1)==0%: did not change: 0 -> 0 bytes\n"],
    [['growth(table,again)<=22blocks'], 0, "ok    growth(table,again)<=22blocks: grew by 22 blocks: 1 -> 23 blocks\n"],
    [['growth(table,again)<=21blocks'], 1,
     "FAIL  growth(table,again)<=21blocks: grew by 22 blocks: 1 -> 23 blocks\n"
     . "      grow.c:20: size=1200 B (+1200 B), count=20 (+20), average=60 B\n"
     . "      grow.c:30: size=2000 B (+2000 B), count=2 (+2), average=1000 B\n"],
    [['growth(table,again)<=-1MiB'], 1,
     "FAIL  growth(table,again)<=-1MiB: grew by 3,200 bytes (3.1 KiB): 4,000 -> 7,200 bytes\n"
     . "      grow.c:30: size=2000 B (+2000 B), count=2 (+2), average=1000 B\n"
     . "      grow.c:20: size=1200 B (+1200 B), count=20 (+20), average=60 B\n"],
    # site(), file(), function(): at the peak by default.
    [['site(grow.c:20)<=6000'], 0,
     "ok    site(grow.c:20)<=6000: 6,000 bytes (5.9 KiB) in the sites matching 'grow.c:20', snapshot #5 'peak'\n"],
    [['site(grow.c:*,exit)<=3000'], 1,
     "FAIL  site(grow.c:*,exit)<=3000: 3,200 bytes (3.1 KiB) in the sites matching 'grow.c:*', snapshot #6 'exit'\n"
     . $exit_entries],
    [['site(grow.c:[13]0,exit)==2000'], 0,
     "ok    site(grow.c:[13]0,exit)==2000: 2,000 bytes (2.0 KiB) in the sites matching 'grow.c:[13]0', snapshot #6 'exit'\n"],
    [['site(*.c,#3)<21blocks'], 1,
     "FAIL  site(*.c,#3)<21blocks: 21 blocks in the sites matching '*.c', snapshot #3 'monitor-3'\n"
     . "      grow.c:20: size=1200 B, count=20, average=60 B\n"
     . "      grow.c:10: size=4000 B, count=1, average=4000 B\n"],
    [['site(<unknown>)<=0'], 0, "ok    site(<unknown>)<=0: nothing: no site matches '<unknown>', snapshot #5 'peak'\n"],
    [['file(grow.c)<=9KiB'], 1,
     "FAIL  file(grow.c)<=9KiB: 10,000 bytes (9.8 KiB) in the files matching 'grow.c', snapshot #5 'peak'\n"
     . "      grow.c:0: size=10000 B, count=101, average=99 B\n"],
    [['function(make_*)<=99blocks'], 1,
     "FAIL  function(make_*)<=99blocks: 100 blocks in the functions matching 'make_*', snapshot #5 'peak'\n"
     . "      make_buffers: size=6000 B, count=100, average=60 B\n"],
    [['function(main)==4000'], 0,
     "ok    function(main)==4000: 4,000 bytes (3.9 KiB) in the functions matching 'main', snapshot #5 'peak'\n"],
    [['function(main)==10000', '--cumulative'], 0,
     "ok    function(main)==10000: 10,000 bytes (9.8 KiB) in the functions matching 'main', snapshot #5 'peak'\n"],
    [['site(grow.c:41)<1'], 0,
     "ok    site(grow.c:41)<1: nothing: no site matches 'grow.c:41', snapshot #5 'peak'\n"],
    [['site(grow.c:41)<1', '--cumulative', '--key=function'], 1,
     "FAIL  site(grow.c:41)<1: 6,000 bytes (5.9 KiB) in the sites matching 'grow.c:41', snapshot #5 'peak'\n"
     . "      make_buffers: size=6000 B, count=100, average=60 B\n"],
    [['site(grow.c:20)<1', '--key=traceback'], 1,
     "FAIL  site(grow.c:20)<1: 6,000 bytes (5.9 KiB) in the sites matching 'grow.c:20', snapshot #5 'peak'\n"
     . "      grow.c:20: size=6000 B, count=100, average=60 B\n"
     . "          at make_buffers (grow.c:20)\n"
     . "          by main (grow.c:41)\n"],
    # Several rules: each its line; --limit and --key shape the entries.
    [['peak<=8KiB', 'exit<=0', 'site(grow.c:30,exit)<=4KiB', '--limit=1', '--key=function'], 1,
     "FAIL  peak<=8KiB: the peak is 10,000 bytes (9.8 KiB)\n"
     . "      make_buffers: size=6000 B, count=100, average=60 B\n"
     . "FAIL  exit<=0: 3,200 bytes (3.1 KiB) left at exit\n"
     . "      main: size=2000 B, count=2, average=1000 B\n"
     . "ok    site(grow.c:30,exit)<=4KiB: 2,000 bytes (2.0 KiB) in the sites matching 'grow.c:30', snapshot #6 'exit'\n",
     "memsnap_print: 2 of 3 rules broken\n"],
    [['peak<=64MiB', 'exit<=1MiB', 'growth(peak,exit)<=0'], 0,
     "ok    peak<=64MiB: the peak is 10,000 bytes (9.8 KiB)\n"
     . "ok    exit<=1MiB: 3,200 bytes (3.1 KiB) left at exit\n"
     . "ok    growth(peak,exit)<=0: shrank by 6,800 bytes (6.6 KiB): 10,000 -> 3,200 bytes\n"],
);
# Two runs (and their files named by the rules alone: no FILE).
my @run_cases = (
    [['growth(runs-old.msn:exit,runs-new.msn:exit)<=0'], 1,
     "FAIL  growth(runs-old.msn:exit,runs-new.msn:exit)<=0: grew by 656 bytes: 446 -> 1,102 bytes\n"
     . "      leak.c:14: size=640 B (+640 B), count=64 (+64), average=10 B\n"
     . "      util.c:5: size=48 B (+16 B), count=1 (+0), average=48 B\n"],
    [['growth(runs-old.msn:exit,runs-new.msn:exit)<=150%'], 0,
     "ok    growth(runs-old.msn:exit,runs-new.msn:exit)<=150%: grew by 147.1%: 446 -> 1,102 bytes\n"],
    [['growth(runs-old.msn:exit,runs-new.msn:exit)<=147%', '--key=function'], 1,
     "FAIL  growth(runs-old.msn:exit,runs-new.msn:exit)<=147%: grew by 147.1%: 446 -> 1,102 bytes\n"
     . "      leak: size=640 B (+640 B), count=64 (+64), average=10 B\n"
     . "      helper: size=112 B (+16 B), count=2 (+0), average=56 B\n"],
    [['growth(runs-old.msn:exit,runs-new.msn:exit)<=63blocks'], 1,
     "FAIL  growth(runs-old.msn:exit,runs-new.msn:exit)<=63blocks: grew by 64 blocks: 18 -> 82 blocks\n"
     . "      leak.c:14: size=640 B (+640 B), count=64 (+64), average=10 B\n"],
    [['growth(runs-new.msn:exit,runs-old.msn:exit)<=0', 'site(leak.c:*,runs-new.msn:exit)<=0'], 1,
     "ok    growth(runs-new.msn:exit,runs-old.msn:exit)<=0: shrank by 656 bytes: 1,102 -> 446 bytes\n"
     . "FAIL  site(leak.c:*,runs-new.msn:exit)<=0: 640 bytes in the sites matching 'leak.c:*', snapshot #2 'exit'\n"
     . "      leak.c:14: size=640 B, count=64, average=10 B\n",
     "memsnap_print: 1 of 2 rules broken\n"],
);

sub check_case {
    my ($rules, $file, $status, $out, $err) = @_;
    my @args = map { /\A--/ ? $_ : "--check=$_" } @$rules;
    my $name = join(' ', @args, $file // ());
    my $r = run_script(undef, @args, defined $file ? $file : ());
    is($r->{status}, $status, "$name: exit status $status");
    is($r->{out}, $out, "$name: the lines");
    $err //= $status ? "memsnap_print: 1 of 1 rule broken\n" : '';
    is($r->{err}, $err, "$name: standard error");
}
check_case($_->[0], 'timeline.msn', @$_[1 .. $#$_]) for @cases;
check_case($_->[0], undef, @$_[1 .. $#$_]) for @run_cases;

# The entries are the lines of --stats and --compare: the first --limit
# (default 5) of them, in the direction of the growth.
my $stats = run_script(undef, '--stats=exit', '--limit=0', 'features.msn')->{out};
my (undef, @lines) = split /^/, $stats;    # (after the heading)
cmp_ok(scalar @lines, '>', 5, 'features.msn has more than 5 lines at exit');
for my $limit (undef, 0, 2) {
    my $r = run_script(undef, '--check=snapshot(exit)<1', defined $limit ? "--limit=$limit" : (), 'features.msn');
    my @want = @lines[0 .. ($limit // 5 || @lines) - 1];
    my (undef, @entries) = split /^/, $r->{out};
    is(join('', @entries), join('', map { "      $_" } @want), 'entries: --stats=exit lines, --limit=' . ($limit // 'default'));
}
my @diff = grep { /\(\+[1-9]/ } split /^/, run_script(undef, '--compare=mid,exit', '--limit=0', 'features.msn')->{out};
cmp_ok(scalar @diff, '>', 1, 'features.msn: lines grew from mid to exit');
my $r = run_script(undef, '--check=growth(mid,exit)<=0', '--limit=0', 'features.msn');
my (undef, @entries) = split /^/, $r->{out};
is(join('', @entries), join('', map { "      $_" } @diff), 'growth entries: the --compare lines that grew');

# Bad input: one line, exit status 2, nothing checked.
my $dir = tempdir(CLEANUP => 1);
write_file("$dir/$_", ReportTest::read_file(ReportTest::data_dir() . "/$_"))
    for qw(timeline.msn killed.msn corrupt.msn runs-old.msn);
write_file("$dir/empty.msn", '');
my $units = '(B, KiB, MiB, GiB, TiB, KB, MB, GB, TB, blocks or %)';
my $quantities = '(peak, exit, snapshot(S), growth(A,B), site(GLOB[:LINE][,S]), file(GLOB[,S]) or function(GLOB[,S]))';
my $help = ' (see memsnap_print --help)';
my @bad = (
    [['--check=peak'], "bad rule --check='peak': no comparison: a rule is QUANTITY OP LIMIT, OP one of <=, <, ==, >=, > (as in peak<=64MiB)$help"],
    [['--check=peak=1'], "bad rule --check='peak=1': no comparison: a rule is QUANTITY OP LIMIT, OP one of <=, <, ==, >=, > (as in peak<=64MiB)$help"],
    [['--check=peak<='], "bad rule --check='peak<=': the limit '' is not a number (with a unit: B, KiB, MiB, GiB, TiB, KB, MB, GB, TB, blocks or %)$help"],
    [['--check=peak<=1.2.3'], "bad rule --check='peak<=1.2.3': the limit '1.2.3' is not a number (with a unit: B, KiB, MiB, GiB, TiB, KB, MB, GB, TB, blocks or %)$help"],
    [['--check=peak<=64Mb'], "bad rule --check='peak<=64Mb': unknown unit 'Mb' $units$help"],
    [['--check=peak<=64 MiB blocks'], "bad rule --check='peak<=64 MiB blocks': the limit '64 MiB blocks' is not a number (with a unit: B, KiB, MiB, GiB, TiB, KB, MB, GB, TB, blocks or %)$help"],
    [['--check=peek<=1'], "bad rule --check='peek<=1': unknown quantity 'peek' $quantities$help"],
    [['--check=(peak)<=1'], "bad rule --check='(peak)<=1': cannot read the quantity '(peak)' $quantities$help"],
    [['--check=peak(a)<=1'], "bad rule --check='peak(a)<=1': peak takes no arguments$help"],
    [['--check=exit()<=1'], "bad rule --check='exit()<=1': exit takes no arguments$help"],
    [['--check=exit<=5%'], "bad rule --check='exit<=5%': a percentage needs a baseline: only growth(A,B) has one (of A's bytes)$help"],
    [['--check=site(a.c)<=1%'], "bad rule --check='site(a.c)<=1%': a percentage needs a baseline: only growth(A,B) has one (of A's bytes)$help"],
    [['--check=snapshot<=1'], "bad rule --check='snapshot<=1': snapshot takes one snapshot$help"],
    [['--check=snapshot(a,b)<=1'], "bad rule --check='snapshot(a,b)<=1': snapshot takes one snapshot, not 'a,b'$help"],
    [['--check=growth(a)<=1'], "bad rule --check='growth(a)<=1': growth takes two snapshots, A,B, not 'a'$help"],
    [['--check=growth(a, )<=1'], "bad rule --check='growth(a, )<=1': growth takes two snapshots, A,B, not 'a, '$help"],
    [['--check=growth(runs-old.msn:,exit)<=1'], "bad rule --check='growth(runs-old.msn:,exit)<=1': empty snapshot name after 'runs-old.msn:'$help"],
    [['--check=site()<=1'], "bad rule --check='site()<=1': site takes a pattern: site(GLOB[:LINE][,SNAPSHOT])$help"],
    [['--check=function<=1'], "bad rule --check='function<=1': function takes a pattern: function(GLOB[,SNAPSHOT])$help"],
    [['--check=file(,exit)<=1'], "bad rule --check='file(,exit)<=1': file has an empty pattern$help"],
    [['--check=site(x, )<=1'], "bad rule --check='site(x, )<=1': site has an empty snapshot after its comma$help"],
    # Options.
    [['--check=peak<=1', '--stats=exit'], "--check takes no --stats$help"],
    [['--check=peak<=1', '--compare=peak,exit'], "--check takes no --compare$help"],
    [['--check=peak<=1', '--html'], "--check takes no --html$help"],
    [['--check=peak<=1', '--format=json'], "--check takes no --format$help"],
    [['--check=peak<=1', '--growth'], "--check takes no --growth$help"],
    [['--check=peak<=1', '--include=*.c'], "--check takes no --include or --exclude: site(), file() and function() choose the sites of a rule$help"],
    [['--check=peak<=1', '--key=nope'], "unknown key type 'nope' (lineno, filename, function or traceback)$help"],
    [['--check=peak<=1', '--limit=-1'], "--limit must be 0 (all) or more, not -1$help"],
    [['--check=peak<=1', '--', ], "no file given for --check='peak<=1'$help"],
    [['--check=growth(runs-old.msn:exit,runs-old.msn:start)<=1', 'timeline.msn'],
     "the file 'timeline.msn' is not used: every snapshot names its own file$help"],
    # Files, and what they cannot answer.
    [['--check=peak<=1', 'missing.msn'], 'missing.msn: cannot open: No such file or directory'],
    [['--check=peak<=1', 'empty.msn'], 'empty.msn: empty file'],
    [['--check=peak<=1', 'corrupt.msn'], "corrupt.msn:11: site: field 'bytes' is not a number: '8x0'"],
    [['--check=snapshot(nope)<=1', 'timeline.msn'],
     "timeline.msn: no snapshot named 'nope'; the names are: start, table, monitor-3, again, peak, exit (in --check='snapshot(nope)<=1')"],
    [['--check=growth(#1,#9)<=1', 'timeline.msn'], "timeline.msn: no snapshot #9; the ids are #1 to #6 (in --check='growth(#1,#9)<=1')"],
    [['--check=growth(nope.msn:exit,exit)<=1', 'timeline.msn'],
     "timeline.msn: no snapshot named 'nope.msn:exit'; the names are: start, table, monitor-3, again, peak, exit; 'nope.msn' is not a file (in --check='growth(nope.msn:exit,exit)<=1')"],
    [['--check=growth(nope.msn:exit,runs-old.msn:exit)<=1'],
     "nope.msn: no such file (the file part of 'nope.msn:exit', FILE:SNAPSHOT in --check='growth(nope.msn:exit,runs-old.msn:exit)<=1')"],
    [['--check=site(*)<=1', 'runs-old.msn'],
     "runs-old.msn: no snapshot named 'peak'; the names are: start, exit (in --check='site(*)<=1')"],
    [['--check=peak<=1', 'killed.msn'], "killed.msn: the run did not finish (no summary): --check='peak<=1' cannot be checked", 1],
    [['--check=exit<=1', 'killed.msn'], "killed.msn: the run did not finish (no summary): --check='exit<=1' cannot be checked", 1],
);
for my $b (@bad) {
    my ($args, $want, $notice) = @$b;
    my $r = run_script($dir, @$args);
    is($r->{status}, 2, "@$args: exit status 2");
    is($r->{out}, '', "@$args: nothing checked");
    my @err = split /^/, $r->{err};
    shift @err if $notice && @err && $err[0] =~ /\Amemsnap_print: note: /;
    is(join('', @err), "memsnap_print: $want\n", "@$args: one line");
}
# A run that did not finish still answers a rule on its snapshots.
$r = run_script($dir, '--check=snapshot(#1)<=0', 'killed.msn');
is($r->{status}, 0, 'killed.msn: snapshot(#1) is checked');
like($r->{err}, qr/\Amemsnap_print: note: killed\.msn: the run did not finish/, 'killed.msn: the notice');

done_testing();
