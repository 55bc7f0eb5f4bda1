#!/usr/bin/perl
# Periodic snapshots stay bounded over a long run: with
# --max-auto-snapshots=K, when K are held every other one is dropped
# (a `drop' record) and the interval doubles, so that K/2 to K are held,
# evenly spread, and the file holds a number that grows with the
# logarithm of the run's length.  A run killed with SIGKILL keeps every
# snapshot taken.  tests/progs/server.c, 4,000 requests, a snapshot every
# 4 KiB allocated: about 1,500 due times.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $BIGGEST = 64 * 1024;    # the largest allocation of server.c (@SPIKE)
my ($K, $N) = (10, 4096);

# Kills Valgrind (pid) once the program has served its requests.
sub kill_when_ready {
    my ($pid, $dir) = @_;
    for (1 .. 1200) {
        last if -e "$dir/ready";
        select(undef, undef, undef, 0.1);
    }
    kill('KILL', $pid);
}

for my $how ('exit', 'kill') {
    my $r = run_memsnap(prog => 'server', args => [ 4000, ($how eq 'kill' ? ('kill', 'ready') : ()) ],
                        opts => [ '--snapshot-every=4KiB', "--max-auto-snapshots=$K", '--vgdb=no' ],
                        timeout => 120, ($how eq 'kill' ? (on_start => \&kill_when_ready) : ()));
    if ($how eq 'kill') {
        is($r->{signal}, 9, 'killed: by SIGKILL');
    } else {
        is($r->{exit}, 0, 'exit status 0');
    }
    my $m = parse_msn($r->{file});
    my @auto = grep { $_->{origin} eq 'auto' } @{ $m->{snapshots} };
    my @held = grep { !$_->{dropped} } @auto;
    my $total = $auto[-1]{time_b};
    cmp_ok(scalar(@held), '>=', $K / 2, "$how: at least K/2 held (" . scalar(@held) . ")");
    cmp_ok(scalar(@held), '<', $K, "$how: fewer than K held");
    my $thinnings = (@auto - @held) / ($K / 2);
    ok($thinnings == int($thinnings) && $thinnings >= 5,
       "$how: dropped K/2 at a time, $thinnings times");
    my $every = $N * 2**$thinnings;
    my @gaps = map { $held[$_]{time_b} - $held[ $_ - 1 ]{time_b} } 1 .. $#held;
    ok(!grep({ $_ <= $every - $BIGGEST || $_ >= $every + $BIGGEST } @gaps),
       "$how: evenly spread, $every bytes apart (@gaps)");
    cmp_ok($held[0]{time_b}, '<', 2 * $every, "$how: from the start of the run");
    my $bound = $K + $K / 2 * (log($total / ($K * $N)) / log(2) + 1);
    cmp_ok(scalar(@auto), '<=', $bound,
           "$how: the file holds " . scalar(@auto) . " of " . int($total / $N)
           . " due times, K + K/2 log2(T / KN) at most");
    ok(!grep({ $_->{mark} =~ /^#(\d+)$/ && grep { $_->{id} == $1 && $_->{dropped} } @auto }
             @{ $m->{timeline}{points} || [] }), "$how: the timeline marks no dropped one");
    is($m->{summary} ? 1 : 0, $how eq 'exit' ? 1 : 0, "$how: summary as expected");

    my $file = $r->{dir} . "/memsnap.out.$r->{pid}";
    my $p = run_print($file);
    is($p->{exit}, 0, "$how: memsnap_print reads the file") or diag($p->{stderr});
    my @listed = $p->{stdout} =~ /snapshot #(\d+) 'auto'/g;
    is_deeply(\@listed, [ map { $_->{id} } @held ], "$how: memsnap_print shows the held ones")
        if $how eq 'exit';
    my ($gone) = grep { $_->{dropped} } @auto;
    $p = run_print("--stats=#$gone->{id}", $file);
    like($p->{stderr}, qr/no snapshot #$gone->{id};/, "$how: a dropped one cannot be chosen");
}
done_testing();
