#!/usr/bin/perl
# The monitor command `auto' (docs/memsnap.md, "Monitor commands"): shows
# the schedule of the periodic snapshots, sets it while the program runs,
# turns it off, and answers a bad interval with one error line and the
# usage, changing nothing.  Sent by tests/progs/server.c with
# VALGRIND_MONITOR_COMMAND (its monitor_commands[]).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'server', args => [ 400, 'monitor' ], opts => [ '--vgdb=no' ]);
is($r->{exit}, 0, 'exit status 0');
my (%log, @order);
for my $part (split /^\@\@ /m, strip_pid($r->{stderr_raw})) {
    my ($what, $body) = split /\n/, $part, 2;
    push @order, $what;
    $log{$what} //= [];
    push @{ $log{$what} }, $body // '';
}
my $usage = "usage: auto [<N><unit>|off]\n";
my $units = 'B, KiB, MiB, GiB (bytes allocated), ms, s or i (instructions)';
is($log{auto}[0], "auto: off; 0 auto snapshots held, at most 100; 0 taken\n", "'auto' at start: off");
my ($next, $now) = $log{'auto 4KiB'}[0] =~
    /\Aauto: every 4,096 B; 0 auto snapshots held, at most 100; 0 taken\n(?#
    )auto: the next is due at ([\d,]+) B; the clock is at ([\d,]+) B\n\z/;
ok(defined $next, "'auto 4KiB' sets it") or diag($log{'auto 4KiB'}[0]);
tr/,//d for grep { defined } $next, $now;
is($next, ($now // 0) + 4096, "'auto 4KiB': the first is due 4 KiB from now");
my ($n) = $log{auto}[1] =~ /^auto: every 4,096 B; (\d+) auto snapshots held, at most 100; \1 taken\n/;
ok($n && $n >= 5, "'auto' later: " . ($n // 'no') . ' taken');
my %bad = (
    'auto 10ms' => "bad interval '10ms': the run's clock (--time-unit) is B: give B, KiB, MiB or GiB",
    'auto 0B'   => "bad interval '0B': the interval must be more than 0",
    'auto x'    => "bad interval 'x': give a number and its unit: $units, e.g. 10MiB",
    'auto 12'   => "bad interval '12': give the unit after the number: $units, e.g. 10MiB",
    'auto 99999999999999999999B' => "bad interval '99999999999999999999B': the number is too large",
    'auto 1KiB 2' => "unexpected '2'",
);
for my $cmd (sort keys %bad) {
    is($log{$cmd}[0], "memsnap: error: $bad{$cmd}\n$usage", "'$cmd': an error and the usage");
    like($r->{stdout}, qr/^\Q$cmd\E = 0$/m, "'$cmd': recognised");
}
is($log{'auto off'}[0], "auto: off; $n auto snapshots held, at most 100; $n taken\n",
   "'auto off': off, and the bad commands changed nothing");
like($log{auto}[2], qr/\Aauto: off; $n auto snapshots held/, "'auto' after: still off");
my $m = parse_msn($r->{file});
is(scalar(grep { $_->{origin} eq 'auto' } @{ $m->{snapshots} }), $n,
   'the file holds the snapshots taken while it was on, and no more');
done_testing();
