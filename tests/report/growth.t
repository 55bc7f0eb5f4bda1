#!/usr/bin/perl
# memsnap_print --growth (docs/memsnap.md, "Finding what grows") on a
# hand-written file of format 3: periodic snapshots, some dropped (`drop'
# records: left out everywhere), keys that grow steadily, grow then
# plateau, jump once, and come and go; the score, its order, the
# sparklines (ASCII and UTF-8), the tracebacks; --snapshots; bad input;
# and the reader's errors on `drop' records.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script write_file);

# Live bytes of each stack at snapshots 1 to 7 (2 and 4 are dropped:
# their values would break every series if they were counted).
my %bytes = (
    1 => [100, 99999, 200, 1, 300, 400, 500],     # leak.c:10, steady
    2 => [1000, 1, 5000, 1, 9000, 9000, 9000],    # cache.c:20, grows then plateaus
    3 => [50, 1, 50, 1, 9050, 60, 60],            # spike.c:30, one jump
    4 => [400, 1, 300, 1, 500, 200, 300],         # noise.c:40, comes and goes
);
my $file = "# memsnap output file\nmemsnap-format\t3\ncmd\t./server\npid\t7\nppid\t1\noptions\t--snapshot-every=1KiB\ndepth\t12\n";
my @names = (undef, 'leak', 'cache', 'spike', 'noise');
for my $s (1 .. 4) {
    $file .= "frame\t" . (2 * $s - 1) . "\t" . (10 * $s) . "\t$names[$s]\t$names[$s].c\t/src\t/bin/server\n";
    $file .= "frame\t" . (2 * $s) . "\t99\tmain\tmain.c\t/src\t/bin/server\n";
    $file .= "stack\t$s\t0\t" . (2 * $s - 1) . "\t" . (2 * $s) . "\n";
}
for my $i (0 .. 6) {
    my $id = $i + 1;
    my ($sum, $n) = (0, 0);
    $sum += $bytes{$_}[$i], $n++ for 1 .. 4;
    $file .= "snapshot\t$id\tauto\tauto\t" . (100 * $id) . "\t" . (1024 * $id) . "\t$sum\t" . ($n * 2)
           . "\t$sum\t4\t" . ($i ? $i : 0) . "\n";
    $file .= "site\t$_\t$bytes{$_}[$i]\t2\n" for 1 .. 4;
    $file .= "end\t$id\n";
    $file .= "drop\t2\n" if $id == 3;
    $file .= "drop\t4\n" if $id == 5;
}
$file .= "summary\t7168\t14\t9990\t8\t0\t0\n";
my $dir = tempdir(CLEANUP => 1);
write_file("$dir/g.msn", $file);

sub growth {
    my ($locale, @args) = @_;
    local $ENV{LC_ALL} = $locale;
    return run_script($dir, '--growth', @args, 'g.msn');
}

my $r = growth('C');
is($r->{status}, 0, '--growth: exit 0') or diag($r->{err});
is($r->{err}, '', 'nothing on stderr');
my @entries = $r->{out} =~ /^#\d+: (\S+): /mg;
is_deeply(\@entries, [qw(leak.c:10 cache.c:20 spike.c:30)],
          'the steady leak first, the plateau next, the jump last; what comes and goes not at all');
like($r->{out}, qr/\AGrowth by lineno across 5 periodic snapshots \(#1 to #7: 4 intervals\)\n/,
     'the header: the dropped snapshots are not counted');
like($r->{out}, qr/^3 of 4 keys grew; score: /m, 'how many grew');
like($r->{out}, qr/^#1: leak\.c:10: \+400 B \(100 B to 500 B\), \+100 B per interval, score 1\.00\n(?#
                   )    grew in 4 of 4 intervals, shrank in 0; above its start in 4 of 4; count=2 \(\+0\)\n(?#
                   )    _-=\+#\n(?#
                   )    at leak \(leak\.c:10\)\n    by main \(main\.c:99\)\n/m,
     'the leak: growth, per interval, score 1, counts, ASCII sparkline, traceback');
like($r->{out}, qr/^#2: cache\.c:20: \+8000 B \(1000 B to 9000 B\), \+2000 B per interval, score 0\.50\n(?#
                   )    grew in 2 of 4 intervals, shrank in 0; above its start in 4 of 4;/m,
     'the cache: score (2 - 0) / 4 x 4 / 4');
like($r->{out}, qr/^#3: spike\.c:30: \+10 B \(50 B to 60 B\), \+2 B per interval, score 0\.00\n(?#
                   )    grew in 1 of 4 intervals, shrank in 1; above its start in 3 of 4;/m,
     'the jump: score (1 - 1) / 4 x 3 / 4, though above its start since');

$r = growth('en_US.UTF-8');
like($r->{out}, qr/^    \x{e2}\x{96}\x{81}\x{e2}\x{96}\x{83}\x{e2}\x{96}\x{85}\x{e2}\x{96}\x{86}\x{e2}\x{96}\x{88}\n    at leak/m,
     'a UTF-8 locale: block characters');

$r = growth('C', '--limit=1', '--key=function');
is_deeply([ $r->{out} =~ /^#\d+: (\S+): /mg ], ['leak'], '--limit=1 --key=function');
$r = growth('C', '--exclude=leak.c');
is_deeply([ $r->{out} =~ /^#\d+: (\S+): /mg ], [qw(cache.c:20 spike.c:30)], 'filters apply');
$r = growth('C', '--snapshots=#5,#6,#7');
is_deeply([ $r->{out} =~ /^#\d+: (\S+): /mg ], [qw(leak.c:10)],
          '--snapshots=#5,#6,#7: only the leak grows there');
like($r->{out}, qr/\AGrowth by lineno across 3 periodic snapshots \(#5 to #7: 2 intervals\)/, 'and says so');
$r = growth('C', '--snapshots=#6,#7', '--include=cache.c');
like($r->{out}, qr/^no key grew \(1 key seen\)$/m, 'nothing grew: said so');

# Bad input: one line, exit status 2 (usage) or 1 (the file).
my @bad = (
    [ ['--snapshots=#1,#3'], 2, '--snapshots needs --growth', 0 ],
    [ ['--growth', '--stats=auto'], 2, '--growth and --stats cannot be used together' ],
    [ ['--growth', '--compare=#1,#3'], 2, '--growth and --compare cannot be used together' ],
    [ ['--growth', '--html'], 2, '--growth and --html cannot be used together' ],
    [ ['--growth', '--format=json'], 2, '--growth and --format cannot be used together' ],
    [ ['--growth', '--snapshots=#1'], 2, "--snapshots takes two snapshots or more, A,B,..., not '#1'" ],
    [ ['--growth', '--snapshots=#1,,#3'], 2, "--snapshots takes two snapshots or more, A,B,..., not '#1,,#3'" ],
    [ ['--growth', '--snapshots=#1,#1'], 2, '--snapshots names snapshot #1 twice' ],
    [ ['--growth', '--snapshots=#1,#2'], 1, 'g.msn: no snapshot #2; the ids are #1 to #7' ],
    [ ['--growth', '--snapshots=#1,nosuch'], 1, "g.msn: no snapshot named 'nosuch'; the names are: auto" ],
    [ ['--growth', '--key=bogus'], 2, "unknown key type 'bogus'" ],
    [ ['--growth', '--snapshots=#1,g.msn:#3'], 2,
      "--snapshots takes snapshots of FILE, not of another file ('g.msn:#3')" ],
);
for my $b (@bad) {
    my ($args, $status, $msg, $growth) = @$b;
    my $x = run_script($dir, @$args, 'g.msn');
    is($x->{status}, $status, "@$args: exit status $status");
    like($x->{err}, qr/\Amemsnap_print: \Q$msg\E[^\n]*\n\z/, "@$args: $msg");
    is($x->{out}, '', "@$args: nothing on stdout");
}
my $one = $file =~ s/^snapshot\t[2-7]\t.*?^end\t[2-7]\n//msgr =~ s/^drop.*\n//mgr;
write_file("$dir/one.msn", $one);
my $x = run_script($dir, '--growth', 'one.msn');
is($x->{status}, 1, 'one snapshot: exit status 1');
like($x->{err}, qr/one\.msn: --growth needs two snapshots or more; it has one \(take periodic ones with --snapshot-every\)/,
     'one snapshot: says why');

# The report leaves dropped snapshots out.
$x = run_script($dir, 'g.msn');
my @listed = $x->{out} =~ /^ *(\d+) +[\d,]+ +[\d,]+ +[\d,]+ +[\d,]+ +auto /mg;
is_deeply(\@listed, [1, 3, 5, 6, 7], 'the report lists the snapshots kept');

# drop records that the format forbids.
my $head = $file =~ s/^snapshot.*//msr;   # (the summary goes too)
my $s1 = "snapshot\t1\tauto\tauto\t1\t1\t10\t1\t10\t1\t0\nsite\t1\t10\t1\nend\t1\n";
my $s2 = "snapshot\t2\tauto\tauto\t2\t2\t10\t1\t10\t1\t1\nend\t2\n";
my $c1 = $s1 =~ s/auto\tauto/tick\tclient/r;
my $n = () = $head =~ /\n/g;
my @errors = (
    [ 'unknown id',  $head . $s1 . "drop\t5\n",            $n + 4, 'drop: no snapshot 5 before it (or dropped already)' ],
    [ 'twice',       $head . $s1 . $s2 . "drop\t1\ndrop\t1\n", $n + 7, 'drop: no snapshot 1 before it (or dropped already)' ],
    [ 'not auto',    $head . $c1 . "drop\t1\n",             $n + 4, "drop: snapshot 1 is not a periodic snapshot (origin 'client', not auto)" ],
    [ 'no id',       $head . $s1 . "drop\n",                $n + 4, 'drop: wrong number of fields (0, expected 1)' ],
    [ 'not a number', $head . $s1 . "drop\tx\n",            $n + 4, "drop: field 'id' is not a number: 'x'" ],
);
for my $e (@errors) {
    my ($what, $text, $line, $msg) = @$e;
    write_file("$dir/bad.msn", $text);
    my $y = run_script($dir, 'bad.msn');
    is($y->{status}, 1, "drop, $what: exit status 1");
    is($y->{err}, "memsnap_print: bad.msn:$line: $msg\n", "drop, $what: the line and why");
}
# Version 2 has no drop record: ignored there, as any unknown record.
write_file("$dir/v2.msn", ($head =~ s/memsnap-format\t3/memsnap-format\t2/r) . $s1 . $s2 . "drop\t1\n");
my $y = run_script($dir, 'v2.msn');
is($y->{status}, 0, 'version 2: a drop record is an unknown record, ignored') or diag($y->{err});
done_testing();
