# tracemalloc.t: memsnap_print reproduces tracemalloc's golden vectors
# (docs/tracemalloc.md, "A comparison, golden"): compare_to() with
# lineno, filename and cumulative on CPython's test snapshots, encoded in
# tests/data/tracemalloc.msn; ties broken by the larger key; recursion
# counted twice in cumulative mode.
use strict;
use warnings;
use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use lib dirname(abs_path(__FILE__));
use ReportTest qw(run_script write_file);

# memsnap_print's output without the line that names the request
# (tracemalloc prints none): the entries, to compare with tracemalloc's.
sub run_entries {
    my $r = run_script(@_);
    $r->{out} =~ s/\A(?:Statistics of|Changes from) [^\n]*[:)]\n//;
    return $r;
}

my %golden = (
    lineno => <<'EOT',
a.py:5: size=5002 B (+5000 B), count=2 (+1), average=2501 B
c.py:578: size=400 B (+400 B), count=1 (+1), average=400 B
b.py:1: size=0 B (-66 B), count=0 (-1)
<unknown>:0: size=0 B (-7 B), count=0 (-1)
a.py:2: size=30 B (+0 B), count=3 (+0), average=10 B
EOT
    filename => <<'EOT',
a.py:0: size=5032 B (+5000 B), count=5 (+1), average=1006 B
c.py:0: size=400 B (+400 B), count=1 (+1), average=400 B
b.py:0: size=0 B (-66 B), count=0 (-1)
<unknown>:0: size=0 B (-7 B), count=0 (-1)
EOT
    'lineno,cumulative' => <<'EOT',
b.py:4: size=5032 B (+5000 B), count=5 (+1), average=1006 B
a.py:5: size=5002 B (+5000 B), count=2 (+1), average=2501 B
c.py:578: size=400 B (+400 B), count=1 (+1), average=400 B
b.py:1: size=0 B (-66 B), count=0 (-1)
<unknown>:0: size=0 B (-7 B), count=0 (-1)
a.py:2: size=30 B (+0 B), count=3 (+0), average=10 B
EOT
);
my $notice = "memsnap_print: note: tracemalloc.msn: the run did not finish (no summary); "
           . "showing 2 complete snapshots\n";
for my $key (sort keys %golden) {
    my ($k, $cum) = split /,/, $key;
    my $r = run_entries(undef, '--compare=old,new', '--limit=0', "--key=$k", ($cum ? '--cumulative' : ()),
                       'tracemalloc.msn');
    is($r->{out}, $golden{$key}, "compare_to(old, '$k'" . ($cum ? ', cumulative=True' : '') . ')');
    is($r->{err}, $notice, 'the file has no summary: one notice line');
    is($r->{status}, 0, 'exit status 0');
}
# The same with ids, and with the limit: the top 2 lines.
my $r = run_entries(undef, '--compare=#1,#2', '--limit=2', 'tracemalloc.msn');
is($r->{out}, join('', (split /^/, $golden{lineno})[0, 1]), '--compare=#1,#2 --limit=2');

# Ties on size and count: the larger key first (f.py:0 before b.py:0);
# recursion: a 10-byte block whose stack is f.py:1, f.py:1 counts twice.
my $dir = tempdir(CLEANUP => 1);
write_file("$dir/ties.msn", <<'EOT');
# Frame 1 b.py:1, frame 2 f.py:1; stack 1 b.py:1, stack 2 f.py:1, stack 3
# f.py:1 called from f.py:1 (recursion).  Each site is one 10-byte block.
memsnap-format	1
frame	1	1	b	b.py		
frame	2	1	f	f.py		
stack	1	0	1
stack	2	0	2
stack	3	0	2	2
snapshot	1	s	client	0	30	30	3	30	3
site	1	10	1
site	2	10	1
site	3	10	1
end	1
summary	30	3	30	3	30	3
EOT
$r = run_entries($dir, '--stats=s', '--key=filename', 'ties.msn');
is($r->{out}, "f.py:0: size=20 B, count=2, average=10 B\nb.py:0: size=10 B, count=1, average=10 B\n",
   'filename statistics: f.py:0 (20 B) then b.py:0');
$r = run_entries($dir, '--stats=s', '--cumulative', 'ties.msn');
is($r->{out}, "f.py:1: size=30 B, count=3, average=10 B\nb.py:1: size=10 B, count=1, average=10 B\n",
   'cumulative: the recursive stack counts f.py:1 twice');
$r = run_entries($dir, '--stats=s', '--exclude=f.py', '--cumulative', 'ties.msn');
is($r->{out}, "b.py:1: size=10 B, count=1, average=10 B\n", 'filters apply before cumulative grouping');
$r = run_entries($dir, '--stats=s', '--key=traceback', 'ties.msn');
is($r->{out}, "f.py:1: size=10 B, count=1, average=10 B\n    at f (f.py:1)\n    by f (f.py:1)\n"
            . "f.py:1: size=10 B, count=1, average=10 B\n    at f (f.py:1)\n"
            . "b.py:1: size=10 B, count=1, average=10 B\n    at b (b.py:1)\n",
   'traceback: ties broken by the oldest-first frame list, the longer one (a prefix is smaller) first');

# memsnap's rule (docs/file-format.md): stacks with the same list of lineno
# tuples are one traceback key, printed with the frames of the stack with
# the lowest id among those in the snapshot.  Frames 1 and 2 differ only in
# their function name, which is not part of the lineno tuple.
write_file("$dir/rep.msn", <<'EOT');
memsnap-format	1
frame	1	5	first_name	p.c	/d	/d/p
frame	2	5	other_name	p.c	/d	/d/p
stack	1	0	1
stack	2	0	2
snapshot	1	both	client	0	30	30	3	30	2
site	2	20	2
site	1	10	1
end	1
snapshot	2	second	client	0	20	20	2	20	1
site	2	20	2
end	2
summary	30	3	30	3	20	2
EOT
$r = run_entries($dir, '--stats=both', '--key=traceback', 'rep.msn');
is($r->{out}, "p.c:5: size=30 B, count=3, average=10 B\n    at first_name (p.c:5)\n",
   'one traceback key for two stacks; the frames of stack 1');
$r = run_entries($dir, '--stats=second', '--key=traceback', 'rep.msn');
is($r->{out}, "p.c:5: size=20 B, count=2, average=10 B\n    at other_name (p.c:5)\n",
   'only stack 2 in the snapshot: its frames');
done_testing();
