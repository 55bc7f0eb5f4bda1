#!/usr/bin/perl
# Every format version reads the same.  Each golden case's input (version
# 1) is converted to version 2, each snapshot after the first written as
# its changes against the one before (`site' lines for new or changed
# rows, `gone' lines for rows that are no more), and memsnap_print must
# print exactly the golden output again.  The example of
# docs/file-format.md in both versions, and the errors only version 2 has.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script case_output golden_cases data_dir read_file write_file);

my $HERE = dirname(abs_path(__FILE__));

# The version 1 file $text in version 2.
sub to_v2 {
    my ($text) = @_;
    my (@out, %prev, $prev_id, $head, %rows, @inside);
    for my $line (split /(?<=\n)/, $text) {
        if ($line eq "memsnap-format\t1\n") {
            push @out, "memsnap-format\t2\n";
        } elsif (!defined $head && $line =~ /\Asnapshot\t([0-9]+)\t/) {
            chomp($head = $line);
            (%rows, @inside) = ();
        } elsif (!defined $head) {
            push @out, $line;
        } elsif ($line =~ /\Asite\t([0-9]+)\t(.*\n)\z/) {
            $rows{ $1 + 0 } = $2;
        } elsif ($line =~ /\Aend\t([0-9]+)\n\z/) {
            my @changes;
            my %all = (%prev, %rows);
            for my $stack (sort { $a <=> $b } keys %all) {
                if (!defined $rows{$stack}) {
                    push @changes, "gone\t$stack\n" if defined $prev_id;
                } elsif (!defined $prev_id || ($prev{$stack} // '') ne $rows{$stack}) {
                    push @changes, "site\t$stack\t$rows{$stack}";
                }
            }
            push @out, "$head\t" . ($prev_id // 0) . "\n", @inside, @changes, $line;
            %prev = %rows;
            $prev_id = $1;
            undef $head;
        } else {
            push @inside, $line;
        }
    }
    return join('', @out);
}

my $tmp = tempdir(CLEANUP => 1);
my ($n_changes, $n_gone) = (0, 0);
for my $case (golden_cases()) {
    my ($name, $input, @args) = @$case;
    my $v1;
    if ($input =~ /\Agen:([0-9]+):([0-9]+)(?::([-=,a-z0-9]+))?\z/) {
        my @more = split /,/, $3 // '';
        $v1 = `$^X \Q$HERE/gen-big-msn\E --snapshots=$1 --sites=$2 @more`;
        $input = 'gen.msn';
    } else {
        $v1 = read_file(data_dir() . "/$input");
    }
    next unless $v1 =~ /^memsnap-format\t1\n/m;    # (an input of a later version is read as it is)
    my $v2 = to_v2($v1);
    $n_gone += () = $v2 =~ /^gone\t/mg;
    $n_changes += (() = $v1 =~ /^site\t/mg) - (() = $v2 =~ /^site\t/mg);
    my $dir = "$tmp/$name";
    mkdir $dir or die "$dir: $!";
    write_file("$dir/$input", $v2);
    # The files of FILE:SNAPSHOT in the arguments, in version 2 too.
    for my $other (map { /([-\w.]+\.msn):/g } @args) {
        write_file("$dir/$other", to_v2(read_file(data_dir() . "/$other")));
    }
    my $want = read_file(data_dir() . "/$name.exp");
    my $got = case_output(run_script($dir, @args, $input));
    is($got, $want, "$name: version 2 reads as version 1")
        or diag("version 2 input in $dir/$input");
}
cmp_ok($n_gone, '>', 0, 'the version 2 inputs have gone lines');
cmp_ok($n_changes, '>', 0, 'and fewer site lines than version 1');

# The example of docs/file-format.md, as the tool writes it.
for my $args (['--stats=after'], ['--compare=before,after'], ['--stats=exit', '--key=traceback'], []) {
    my $v1 = run_script(undef, @$args, 'example.msn');
    my $v2 = run_script(undef, @$args, 'example-v2.msn');
    $v2->{out} =~ s/example-v2\.msn/example.msn/g;
    is($v2->{out} . $v2->{err} . $v2->{status}, $v1->{out} . $v1->{err} . $v1->{status},
       "example-v2.msn @$args: as example.msn");
}
for my $args (['--stats=after'], ['--compare=before,after'], ['--stats=exit', '--key=traceback'], []) {
    my $v2 = run_script(undef, @$args, 'example-v2.msn');
    my $v4 = run_script(undef, @$args, 'example-v4.msn');
    s/example-v\d\.msn/example.msn/g for $v2->{out}, $v4->{out};
    $v4->{out} =~ s/^(    (?:at|by) )0x[0-9A-F]+: /$1/mg;    # version 4 frames have addresses
    is($v4->{out} . $v4->{err} . $v4->{status}, $v2->{out} . $v2->{err} . $v2->{status},
       "example-v4.msn @$args: as example-v2.msn, but for frame addresses");
}
for my $args (['--stats=after'], ['--compare=before,after'], ['--stats=exit', '--key=traceback']) {
    my $v4 = run_script(undef, @$args, 'example-v4.msn');
    my $v5 = run_script(undef, @$args, 'example-v5.msn');
    s/example-v\d\.msn/example.msn/g for $v4->{out}, $v5->{out};
    is($v5->{out} . $v5->{err} . $v5->{status}, $v4->{out} . $v4->{err} . $v4->{status},
       "example-v5.msn @$args: as example-v4.msn");
}
my $doc = read_file(dirname(dirname($HERE)) . '/docs/file-format.md');
my ($example) = $doc =~ /^## Example\n.*?```\n(.*?)```\n/ms;
(my $file = read_file(data_dir() . '/example-v5.msn')) =~ s/^#[^\n]*\n//mg;
is($example, "# memsnap output file; see docs/file-format.md\n" . $file,
   'docs/file-format.md shows tests/data/example-v5.msn');

# Errors of version 2 only: one line, status 1.
my $head = "memsnap-format\t2\ncmd\t./p\nframe\t1\t5\tmain\tp.c\t/d\t/d/p\nstack\t1\t0\t1\n"
         . "frame\t2\t6\tmain\tp.c\t/d\t/d/p\nstack\t2\t0\t2\n"
         . "snapshot\t1\ts\tclient\t1\t30\t30\t3\t30\t2\t0\nsite\t1\t20\t2\nsite\t2\t10\t1\nend\t1\n";  # lines 1-10
my @errors = (
    ['base not the one before', "snapshot\t3\tt\tclient\t2\t30\t30\t3\t30\t2\t2\nend\t3\n",
     "11: snapshot 3: base 2 is not the snapshot before it (#1)"],
    ['gone without a row', "snapshot\t2\tt\tclient\t2\t30\t20\t2\t30\t1\t1\ngone\t2\ngone\t2\nend\t2\n",
     "13: snapshot 2: stack 2 has a second line"],
    ['gone of no row', "snapshot\t2\tt\tclient\t2\t30\t20\t2\t30\t1\t0\nsite\t1\t20\t2\ngone\t2\nend\t2\n",
     "13: gone: stack 2 has no site in the snapshot before"],
    ['table does not add up', "snapshot\t2\tt\tclient\t2\t30\t30\t3\t30\t2\t1\nsite\t1\t10\t2\nend\t2\n",
     "13: snapshot 2: its table adds up to 20 bytes in 3 blocks, but the snapshot says 30 bytes in 3 blocks"],
    ['rows do not count', "snapshot\t2\tt\tclient\t2\t30\t20\t2\t30\t2\t1\ngone\t2\nend\t2\n",
     "13: snapshot 2: 1 sites in its table, but N-STACKS is 2"],
    ['gone outside', "gone\t1\n", "11: 'gone' record outside a snapshot"],
    ['version 1 snapshot', "snapshot\t2\tt\tclient\t2\t30\t30\t3\t30\t2\nend\t2\n",
     "11: snapshot: wrong number of fields (9, expected 10)"],
);
for my $e (@errors) {
    my ($name, $more, $want) = @$e;
    (my $f = "$name.msn") =~ tr/ /-/;
    write_file("$tmp/$f", $head . $more);
    my $r = run_script($tmp, '--stats=#1', $f);
    is("$r->{status} $r->{out}$r->{err}", "1 memsnap_print: $f:$want\n", $name);
}
# Errors of version 5 only.
my $head4 = "memsnap-format\t5\ncmd\t./p\nframe\t1\t5\tmain\tp.c\t/d\t/d/p\t4096\t16\nstack\t1\t0\t0\t1\n"
          . "frame\t2\t6\tmain\tp.c\t/d\t/d/p\t4112\t32\nstack\t2\t0\t0\t2\n"
          . "snapshot\t1\ts\tclient\t1\t30\t30\t3\t30\t2\t0\t50\t5\t20\t2\t0\n"
          . "site\t1\t20\t2\t40\t4\t20\t2\nsite\t2\t10\t1\t10\t1\t0\t0\nend\t1\n";  # lines 1-10
my $snap4 = "snapshot\t2\tt\tclient\t2\t60\t30\t3\t30\t2\t1";
my @errors4 = (
    ['no allocations', "$snap4\t50\t5\t20\t2\t0\nsite\t2\t0\t0\t0\t0\t0\t0\nend\t2\n",
     "12: site: stack 2 allocated no blocks (a row has at least one)"],
    ['more live than allocated', "$snap4\t50\t5\t20\t2\t0\nsite\t2\t10\t2\t10\t1\t0\t0\nend\t2\n",
     "12: site: stack 2 holds 2 blocks but allocated only 1"],
    ['more temporary than allocated', "$snap4\t50\t5\t20\t2\t0\nsite\t2\t10\t1\t10\t1\t0\t3\nend\t2\n",
     "12: site: stack 2 has 3 temporary blocks but allocated only 1"],
    ['allocations do not add up', "$snap4\t90\t9\t20\t2\t0\nsite\t2\t10\t1\t30\t3\t0\t0\nend\t2\n",
     "13: snapshot 2: its table adds up to 70 allocated bytes in 7 blocks, but the snapshot says 90 bytes in 9 blocks"],
    ['version 2 row', "$snap4\t50\t5\t20\t2\t0\nsite\t2\t10\t1\nend\t2\n",
     "12: site: wrong number of fields (3, expected 7)"],
    ['version 2 snapshot', "snapshot\t2\tt\tclient\t2\t30\t30\t3\t30\t2\t1\nend\t2\n",
     "11: snapshot: wrong number of fields (10, expected 15)"],
);
for my $e (@errors4) {
    my ($name, $more, $want) = @$e;
    (my $f = "v4 $name.msn") =~ tr/ /-/;
    write_file("$tmp/$f", $head4 . $more);
    my $r = run_script($tmp, '--stats=#1', $f);
    is("$r->{status} $r->{out}$r->{err}", "1 memsnap_print: $f:$want\n", "version 5: $name");
}
# --measure: a version 4 file's allocations; none in older files.
write_file("$tmp/v4.msn", $head4 . "$snap4\t80\t8\t20\t2\t0\nsite\t2\t10\t1\t40\t4\t0\t0\nend\t2\n");
my $r4 = run_script($tmp, '--stats=t', '--measure=allocated', 'v4.msn');
is($r4->{out}, "Allocations until #2 't' (80 bytes in 8 blocks since the start) by lineno, 2 of 2 entries:\n"
             . "p.c:6: size=40 B, count=4, average=10 B\np.c:5: size=40 B, count=4, average=10 B\n",
   '--measure=allocated: the allocations until the snapshot, with a heading');
$r4 = run_script($tmp, '--compare=s,t', '--key=lineno,allocated', 'v4.msn');
is($r4->{out}, "Allocations between #1 's' and #2 't' (30 bytes in 3 blocks) by lineno, 1 of 1 entry:\n"
             . "p.c:6: size=30 B, count=3, average=10 B\n",
   '--key=lineno,allocated with --compare: the allocations between the two');
$r4 = run_script($tmp, '--stats=s', '--measure=temporary', 'v4.msn');
is($r4->{out}, "Temporary allocations until #1 's' (20 bytes in 2 blocks since the start) by lineno, 1 of 1 entry:\n"
             . "p.c:5: size=20 B, count=2, average=10 B\n", '--measure=temporary');
$r4 = run_script($tmp, '--compare=t,s', '--measure=allocated', 'v4.msn');
like("$r4->{status} $r4->{err}", qr/\A1 .*^memsnap_print: v4\.msn: #2 't' was taken after #1 's': give the older snapshot first\n\z/ms,
     '--measure: a compare the wrong way round is an error');
write_file("$tmp/v4c.msn", $head4 . "snapshot\t2\tt\tclient\t2\t60\t0\t0\t30\t0\t1\t0\t0\t0\t0\t1\n"
           . "gone\t1\ngone\t2\nend\t2\n");
$r4 = run_script($tmp, '--compare=s,t', '--measure=allocated', 'v4c.msn');
like("$r4->{status} $r4->{err}", qr/\A1 .*^memsnap_print: v4c\.msn: clear_traces was called between #1 's' and #2 't': the allocations between them are not known\n\z/ms,
     '--measure: a clear between is an error');
$r4 = run_script(undef, '--stats=exit', '--measure=allocated', 'example-v2.msn');
like("$r4->{status} $r4->{err}", qr/\A1 memsnap_print: \S*example-v2\.msn: format version 2 holds the live blocks only; --measure=allocated needs a file of version 5 or later\n\z/,
     '--measure on a version 2 file is an error');
for my $bad (['--measure=bogus', "unknown measure 'bogus' (live, allocated or temporary)"],
             ['--measure=allocated', '--measure=allocated needs --stats, --compare, --format or --html'],
             ['--key=lineno,temporary', '--measure=temporary needs --stats'],
             ['--stats=t --key=lineno,allocated --measure=temporary',
              '--key=...,allocated and --measure=temporary disagree'],
             ['--stats=t --key=lineno,allocated,temporary',
              "--key takes at most one of ',allocated' and ',temporary'"],
             ['--stats=t --key=lineno,temporary,cumulative,allocated',
              "--key takes at most one of ',allocated' and ',temporary'"],
             ['--stats=t --key=lineno,allocated,allocated',
              "--key takes at most one of ',allocated' and ',temporary'"],
             ['--stats=t --key=lineno,cumulative,allocated,cumulative',
              "',cumulative' is given twice in --key"]) {
    $r4 = run_script($tmp, split(/ /, $bad->[0]), 'v4.msn');
    like("$r4->{status} $r4->{err}", qr/\A2 memsnap_print: \Q$bad->[1]\E/, "$bad->[0]: a usage error");
}

# A version 2 file whose changes remove every row, then add one back.
write_file("$tmp/ok.msn", $head . "snapshot\t2\tt\tclient\t2\t30\t0\t0\t30\t0\t1\ngone\t1\ngone\t2\nend\t2\n"
           . "snapshot\t3\tu\tclient\t2\t40\t10\t1\t30\t1\t2\nsite\t2\t10\t1\nend\t3\n");
my $r = run_script($tmp, '--compare=s,u', 'ok.msn');
is($r->{out}, "Changes from #1 's' to #3 'u' by lineno, 2 of 2 entries:\n"
             . "p.c:5: size=0 B (-20 B), count=0 (-2)\np.c:6: size=10 B (+0 B), count=1 (+0), average=10 B\n",
   'changes applied across snapshots');
is($r->{status}, 0, 'status 0');
done_testing();
