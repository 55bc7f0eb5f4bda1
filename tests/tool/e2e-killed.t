#!/usr/bin/perl
# End to end, runs killed by SIGKILL: memsnap_print reads every
# complete snapshot of the file, says once (on stderr) that the run did not
# finish, and prints for them exactly what the program printed in-process.
#   - tests/progs/sigkill.c (as in sigkill.t): the default report and a
#     comparison of its two snapshots;
#   - tests/progs/vgdb_server.c, driven through its FIFO (no vgdb needed):
#     in-process comparisons and statistics with every key, then SIGKILL.
use strict;
use warnings;
use Test::More;
use MemsnapTest;
use Time::HiRes qw(sleep);

need_tool();

my $notice = qr/\Amemsnap_print: note: \S+: the run did not finish \(no summary\); showing \d+ complete snapshots?\n\z/;

# memsnap_print ARGS on FILE of a killed run: exit 0, the notice alone on
# stderr.  Returns stdout.
sub report_killed {
    my ($file, $name, @args) = @_;
    my $p = run_print(@args, $file);
    is($p->{exit}, 0, "$name: memsnap_print exits 0") or diag($p->{stderr});
    like($p->{stderr}, $notice, "$name: one line on stderr: the run did not finish");
    return $p->{stdout};
}

# --- sigkill.c -----------------------------------------------------------------
my $r = run_memsnap(
    prog => 'sigkill', args => [ 'ready' ], timeout => 60,
    opts => [ '--vgdb=no' ],        # a killed gdbserver would leave FIFOs in /tmp
    on_start => sub {
        my ($pid, $dir) = @_;
        for (1 .. 600) {
            last if -e "$dir/ready";
            sleep(0.1);
        }
        kill('KILL', $pid);
    });
is($r->{signal}, 9, 'sigkill: Valgrind died of SIGKILL');
my $file = "$r->{dir}/memsnap.out.$r->{pid}";
ok(-s $file, 'sigkill: the output file is there');
my $out = report_killed($file, 'sigkill default report');
like($out, qr/\bone\b/, 'sigkill default report: snapshot one');
like($out, qr/\btwo\b/, 'sigkill default report: snapshot two');
my %L = map { $_ => 'sigkill.c:' . line_of('sigkill.c', $_) } qw(A B);
$out = report_killed($file, 'sigkill --compare=one,two', '--compare=one,two', '--limit=0');
is(join('', grep { /^sigkill\.c:/ } split /^/, $out),
   "$L{B}: size=6000 B (+6000 B), count=1 (+1), average=6000 B\n"
   . "$L{A}: size=5000 B (+0 B), count=1 (+0), average=5000 B\n",
   'sigkill --compare=one,two: the program\'s lines');
my $p = run_print('--stats=exit', $file);
is($p->{exit}, 1, 'sigkill --stats=exit: exit status 1 (no exit snapshot)');
like($p->{stderr}, qr/^memsnap_print: \S+: no snapshot named 'exit'; the names are: one, two$/m,
     'sigkill --stats=exit: says so, naming the snapshots there are');

# --- vgdb_server, in-process requests, then SIGKILL --------------------------
my @keys = ('lineno', 'filename', 'function', 'traceback', 'lineno,cumulative',
            'filename,cumulative', 'function,cumulative');
my @req = ((map { "compare a b $_ 0" } @keys), (map { "compare b a $_ 0" } @keys),
           (map { "stats b $_ 0" } @keys), 'compare a b traceback 1');
$r = run_fifo_session(prog => 'vgdb_server', session => sub {
    my ($s) = @_;
    $s->request('grow 3', 'take a', 'grow 2', 'take b',
                map { ("mark $_", $_) } @req);
    kill('KILL', $s->{pid});
});
is($r->{session_error}, undef, 'vgdb_server: the session ran') or diag($r->{session_error});
is($r->{signal}, 9, 'vgdb_server: Valgrind died of SIGKILL');
unlike($r->{stderr}, qr/^Total:/m, 'vgdb_server: no exit summary');
$file = "$r->{dir}/memsnap.out.$r->{pid}";
my %inproc;
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($req, $body) = split /\n/, $part, 2;
    $inproc{$req} = $body if defined $body;
}
for my $req (@req) {
    my ($what, @a) = split / /, $req;
    my ($key, $limit) = @a[-2, -1];
    (my $k = $key) =~ s/,cumulative$//;
    my @opts = ("--key=$k", ($k ne $key ? '--cumulative' : ()), "--limit=$limit",
                $what eq 'compare' ? "--compare=$a[0],$a[1]" : "--stats=$a[0]");
    ok(length($inproc{$req} // ''), "vgdb_server $req: printed in-process");
    is(report_killed($file, "vgdb_server $req", @opts), $inproc{$req},
       "vgdb_server $req: memsnap_print @opts prints the same");
}
$out = report_killed($file, 'vgdb_server default report');
like($out, qr/\ba\b.*\bb\b/s, 'vgdb_server default report: snapshots a and b');
done_testing();
