#!/usr/bin/perl
# The values of every client request (tests/progs/requests.c): TAKE ids,
# DIFF, GET_TRACED, `now', RESET_PEAK, CLEAR_TRACES, STOP/START,
# IS_TRACING, PRINT_TRACEBACK.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'requests');
is($r->{exit}, 0, 'exit status 0');
my $out = $r->{stdout};
my ($B) = $out =~ /^baseline current=(-?\d+)$/m;
ok(defined $B && $B >= 0, 'GET_TRACED before anything: the baseline');
$B //= 0;
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
my $K = $m ? $m->{snapshots}[0]{blocks} : 0;   # blocks traced at s1
is($m ? $m->{snapshots}[0]{bytes} : undef, $B, 'snapshot s1 holds the baseline bytes');

# Expected stdout, line by line, from the comment of requests.c.
my $e = <<"END";
baseline current=$B
diff now now bytes=0 blocks=0
take s1 = 1
take s2 = 2
diff s1 s2 ret=1 bytes=1000 blocks=1
diff s2 s1 ret=1 bytes=-1000 blocks=-1
diff s1 now ret=1 bytes=1000 blocks=1
diff s2 now ret=1 bytes=3000 blocks=1
traced ret=1 current=@{[$B + 4000]} peak=@{[$B + 4000]}
traced ret=1 current=@{[$B + 1000]} peak=@{[$B + 4000]}
reset_peak ret=1
traced ret=1 current=@{[$B + 1000]} peak=@{[$B + 1000]}
traced ret=1 current=@{[$B + 1000]} peak=@{[$B + 1500]}
compare s1 now ret=1
stats now ret=1
take s1 = 3
diff s1 s2 ret=1 bytes=0 blocks=0
is_tracing = 1
stop = 1
is_tracing = 0
traced ret=1 current=@{[$B + 1000]} peak=@{[$B + 1500]}
start = 1
is_tracing = 1
traced ret=1 current=@{[$B + 1000]} peak=@{[$B + 1500]}
print_traceback e = 64
print_traceback e+10 = 64
print_traceback &local = 0
clear_traces = 1
traced ret=1 current=0 peak=0
traced ret=1 current=0 peak=0
traced ret=1 current=10 peak=10
take s4 = 4
diff s1 s4 ret=1 bytes=@{[10 - ($B + 1000)]} blocks=@{[1 - ($K + 1)]}
end
END
my @got  = split /\n/, $out;
my @want = split /\n/, $e;
for my $i (0 .. $#want) {
    is($got[$i], $want[$i], "stdout line " . ($i + 1) . ": $want[$i]");
}
is(scalar(@got), scalar(@want), 'no extra stdout lines');

my $A = 'requests.c:' . line_of('requests.c', 'A');
my $E = line_of('requests.c', 'E');
like($r->{stderr}, qr/^\Q$A\E: size=1000 B \(\+1000 B\), count=1 \(\+1\), average=1000 B$/m,
     'COMPARE s1 now: the 1000 B block at line A');
like($r->{stderr}, qr/^\Q$A\E: size=1000 B, count=1, average=1000 B$/m, 'STATS now');
my @tb = $r->{stderr} =~ /^(\s+at 0x\.{8}: main \(requests\.c:$E\))$/mg;
is(scalar(@tb), 2, 'PRINT_TRACEBACK printed the stack of e twice (e and e+10)');
# PRINT_TRACEBACK(&local) finds no block: memsnap says so in one line,
# which is an answer, not a warning (the argument is not bad).
my @warn = $r->{stderr} =~ /^(memsnap: warning.*)$/mg;
is(scalar(@warn), 0, 'no warning line');
my @none = $r->{stderr} =~ /^(no traced block contains 0x[0-9a-f.]+)$/mg;
is(scalar(@none), 1, 'PRINT_TRACEBACK(&local) says no traced block contains it');

SKIP: {
    skip 'no output file', 3 unless $m;
    my @names = map { "$_->{id}:$_->{name}" } @{ $m->{snapshots} };
    is_deeply(\@names, [ '1:s1', '2:s2', '3:s1', '4:s4', '5:peak', '6:exit' ],
              'snapshots in the file (now stores none; peak and exit at exit)');
    my $s4 = snapshot_by_name($m, 's4');
    is_deeply([ @$s4{qw(bytes blocks peak)} ], [ 10, 1, 10 ], 's4 after clear_traces');
    my $g = group_snapshot($m, 's4', 'lineno');
    is_deeply([ keys %$g ], [ 'requests.c:' . line_of('requests.c', 'F') ], 's4 holds only line F');
}
# `At peak' is the highest of the whole run (B+4000 in 2 blocks), whatever
# RESET_PEAK and CLEAR_TRACES did to tracemalloc's peak meanwhile.
is(parse_summary($r->{stderr})->{peak}[0], $B + 4000,
   "the summary's At peak is the run's highest, not the reset peak");
golden_ok(drop_system_frames($r->{stderr}), 'requests.stderr.exp', 'log matches golden file');
done_testing();
