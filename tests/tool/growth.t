#!/usr/bin/perl
# memsnap_print --growth finds the planted leak first: tests/progs/server.c
# under --snapshot-every, its slow leak (@LEAK, 5 B per request) ranks
# above its cache (@CACHE, which grows fifty times faster, but only over
# the first quarter of the run), and its noise (@NOISE: allocations that
# come and go) and its spike (@SPIKE, freed) are not listed.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'server.c:' . line_of('server.c', $_) } qw(LEAK CACHE NOISE SPIKE SESSION);
my $r = run_memsnap(prog => 'server', opts => [ '--snapshot-every=128KiB' ]);
is($r->{exit}, 0, 'exit status 0');
my $file = "$r->{dir}/memsnap.out.$r->{pid}";
local $ENV{LC_ALL} = 'C';
my $p = run_print('--growth', $file);
is($p->{exit}, 0, '--growth: exit 0') or diag($p->{stderr});
my @ranked = $p->{stdout} =~ /^#\d+: (\S+): /mg;
is($ranked[0], $L{LEAK}, 'the leak first') or diag($p->{stdout});
is($ranked[1], $L{CACHE}, 'the cache next');
ok(!grep({ $_ eq $L{NOISE} || $_ eq $L{SPIKE} } @ranked), 'neither the noise nor the spike');
like($p->{stdout}, qr/^#1: \Q$L{LEAK}\E: [^\n]* score 1\.00\n[^\n]*\n    [_.\-~=+*#]+\n    at 0x[0-9A-F]+: serve \(\Q$L{LEAK}\E\)\n    by 0x[0-9A-F]+: main \(server\.c:\d+\)\n/m,
     'the leak: score 1, an ASCII sparkline, its traceback');
like($p->{stdout}, qr/\AGrowth by lineno across \d+ periodic snapshots/, 'across the periodic snapshots');
done_testing();
