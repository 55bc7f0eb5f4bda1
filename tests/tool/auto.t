#!/usr/bin/perl
# Periodic snapshots (docs/memsnap.md, "Periodic snapshots"): with
# --snapshot-every=N<unit>, a snapshot named `auto' (origin auto) at the
# first allocation or free at or after each multiple of N on the run's
# clock, one per due time, marked on the timeline; the unit sets the
# clock (--time-unit).  tests/progs/server.c serves 4,000 requests.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $BIGGEST = 64 * 1024;    # the largest allocation of server.c (@SPIKE)

my $every = 256 * 1024;
my $r = run_memsnap(prog => 'server', opts => [ '--snapshot-every=256KiB' ]);
is($r->{exit}, 0, 'exit status 0');
my $m = parse_msn($r->{file});
cmp_ok($m->{format}, '>=', 3, 'format version 3 or later (periodic snapshots)');
my @auto = grep { $_->{origin} eq 'auto' } @{ $m->{snapshots} };
my $total = $m->{summary}{total_bytes};
is(scalar(@auto), int($total / $every),
   "one auto snapshot per multiple of 256 KiB in $total bytes allocated");
ok(!grep({ $_->{name} ne 'auto' } @auto), 'all named auto');
ok(!grep({ $_->{dropped} } @auto), 'none dropped (fewer than --max-auto-snapshots)');
my @late = grep {
    my $due = ($_ + 1) * $every;
    $auto[$_]{time_b} < $due || $auto[$_]{time_b} >= $due + $BIGGEST
} 0 .. $#auto;
is_deeply(\@late, [], 'snapshot k at the first allocation at or after k x 256 KiB');
is($m->{timeline}{unit}, 'B', 'the clock is bytes allocated');
my %marked = map { $_->{mark} => $_->{time} } @{ $m->{timeline}{points} };
ok(!grep({ !defined $marked{"#$_->{id}"} } @auto), 'each is marked on the timeline');

my $p = run_print($r->{dir} . "/memsnap.out.$r->{pid}");
is($p->{exit}, 0, 'memsnap_print reads the file') or diag($p->{stderr});
like($p->{stdout}, qr/snapshot #$auto[2]{id} 'auto'/, 'and lists the auto snapshots');
$p = run_print('--stats=auto', $r->{dir} . "/memsnap.out.$r->{pid}");
like($p->{stdout}, qr/^server\.c:\d+: size=/m, '--stats=auto: the newest one');

# The unit is the clock: ms and i set --time-unit.
for my $case ([ '--snapshot-every=1s', 'ms' ], [ '--snapshot-every=100000i', 'i' ]) {
    my ($opt, $unit) = @$case;
    my $t = run_memsnap(prog => 'server', args => [ 400 ], opts => [ $opt ]);
    is($t->{exit}, 0, "$opt: exit status 0");
    my $tm = parse_msn($t->{file});
    is($tm->{timeline}{unit}, $unit, "$opt: the clock is $unit");
    my %at = map { $_->{mark} => $_->{time} } @{ $tm->{timeline}{points} };
    my @a = grep { $_->{origin} eq 'auto' } @{ $tm->{snapshots} };
    my $every_n = $unit eq 'ms' ? 1000 : 100000;
    ok(!grep({ $at{"#$a[$_]{id}"} < ($_ + 1) * $every_n } 0 .. $#a),
       "$opt: no snapshot before its due time (" . scalar(@a) . " taken)");
    cmp_ok(scalar(@a), '>=', 1, "$opt: some taken") if $unit eq 'i';
}

# 'auto' is the periodic snapshots' name.
like(slurp(srcdir() . '/memsnap/msn_snapshot.c'), qr/'auto' is the name of the periodic snapshots/,
     'the name auto is reserved');
done_testing();
