#!/usr/bin/perl
# The small-block allocator (tests/progs/slabs.c): blocks of every class and
# alignment keep their contents and never share memory, the traced bytes
# equal the program's own count, addresses that only look like small blocks
# are ignored, emptied slabs serve other size classes, and past a few and
# past as many as are in use, their pages go back to the kernel; slabs start
# only once 4,096 blocks are live.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $native = run_native(prog => 'slabs');
my $r      = run_memsnap(prog => 'slabs', opts => [ '--stats=yes' ]);
is($r->{exit}, 0, 'exit status 0');
like($r->{stdout}, qr/^checks 301, mismatches 0$/m,
     'contents, alignment, usable size, zeroing and GET_TRACED at all 301 checks');
unlike($r->{stdout}, qr/^mismatch/m, 'no mismatch reported')
    or diag(join "\n", grep { /^mismatch/ } split /\n/, $r->{stdout});
like($native->{stdout}, qr/^checks 301, mismatches 0$/m, 'the program checks itself natively too');
like($r->{stdout}, qr/^bad: realloc NULL, usable 0, traced unchanged$/m,
     'interior and past-the-last-slot addresses: free and realloc ignored, usable size 0');
like($r->{stdout}, qr/^bad: after free and double free, traced -48$/m,
     'a double free of a small block is ignored');
like($r->{stderr}, qr/^memsnap: ignored frees: +3$/m, 'three frees counted as ignored');
like($r->{stderr}, qr/^memsnap: ignored reallocs: +1$/m, 'one realloc counted as ignored');
my $s = parse_summary($r->{stderr});
is_deeply($s->{exit}, [ 0, 0 ], 'nothing is live at exit');

# 4 phases x 12 MB of different classes, each freed before the next: with
# reuse the slabs fit in 3 chunks of 9 MiB; without it 48 MB would not.
my $u = run_memsnap(prog => 'slabs', args => [ 'reuse' ], opts => [ '--stats=yes' ]);
is($u->{exit}, 0, 'reuse: exit status 0');
my ($client) = $u->{stderr} =~ /client memory for slabs: ([\d,]+) bytes/;
ok(defined $client, 'reuse: --stats=yes shows the client memory taken for slabs')
    or diag($u->{stderr});
$client =~ s/,//g if defined $client;
cmp_ok($client // 1e12, '<=', 3 * (9 << 20), 'reuse: emptied slabs serve the next class');

# 32 MB of small blocks freed, then 32 MB of big ones.  The first 4,096
# come from the arena (slabs have not started); the 2,032 slabs of the rest,
# emptied, but for the 16 kept warm and their class's last, give their
# pages back, so resident memory falls by most of the 32 MB and the big
# blocks do not add on top of the slabs.
my $p = run_memsnap(prog => 'slabs', args => [ 'purge' ], opts => [ '--stats=yes' ]);
is($p->{exit}, 0, 'purge: exit status 0');
my ($small, $freed, $big) =
    $p->{stdout} =~ /^purge: resident MB: before \d+, small (\d+), freed (\d+), big (\d+)$/m;
ok(defined $big, 'purge: the program reports its resident memory') or diag($p->{stdout});
cmp_ok($freed // 1e9, '<=', ($small // 0) - 16, 'purge: freeing the small blocks gives back their slabs');
cmp_ok($big // 1e9, '<=', ($small // 0) + 16, 'purge: the big blocks do not come on top of the slabs');
like($p->{stderr}, qr/^memsnap: empty slabs: +2,015 given back to the kernel$/m,
     'purge: --stats=yes counts the slabs given back');

# 3 MB of small blocks allocated and freed 10 times beside 4 MB that stay:
# the slabs emptied each time stay resident for the next time (no more of
# them than slabs in use), so none is given back; giving back all but 16
# gave back 1,750.
my $c = run_memsnap(prog => 'slabs', args => [ 'cycles' ], opts => [ '--stats=yes' ]);
is($c->{exit}, 0, 'cycles: exit status 0');
like($c->{stdout}, qr/^cycles: 10$/m, 'cycles: the program ran');
like($c->{stderr}, qr/^memsnap: empty slabs: +0 given back to the kernel$/m,
     'cycles: slabs emptied between cycles stay resident');

# Slabs start when the live-block table first holds 4,096 blocks
# (msn_heap.c): until then Valgrind's arena serves every block.
for my $case ([ 3500, 'not started', 0 ], [ 5000, 'started', 1 ]) {
    my ($n, $state, $slabs) = @$case;
    my $f = run_memsnap(prog => 'slabs', args => [ 'few', $n ], opts => [ '--stats=yes' ]);
    is($f->{exit}, 0, "few $n: exit status 0");
    like($f->{stdout}, qr/^few: $n blocks$/m, "few $n: the program ran");
    like($f->{stderr}, qr/^memsnap: slabs: +\Q$state\E \(/m, "few $n: slabs $state");
    my ($client) = $f->{stderr} =~ /client memory for slabs: ([\d,]+) bytes/;
    $client =~ s/,//g if defined $client;
    is(($client // -1) > 0 ? 1 : 0, $slabs,
       "few $n: client memory for slabs " . ($slabs ? 'taken' : 'none'));
}
done_testing();
