#!/usr/bin/perl
# Blocks of the client's own allocator (VALGRIND_MALLOCLIKE_BLOCK,
# FREELIKE_BLOCK, RESIZEINPLACE_BLOCK), on tests/progs/custom.c: numbers in
# its comment.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'custom.c:' . line_of('custom.c', $_) } qw(POOL CHUNK U1 U3 POOL2 CHUNK2);

my $native = run_native(prog => 'custom');
my $r = run_memsnap(prog => 'custom');
is($r->{exit}, 0, 'exit status 0');
is($r->{stdout} =~ s/^traceback of c\+10: \d+\n//mr,
   $native->{stdout} =~ s/^traceback of c\+10: \d+\n//mr,
   'the program behaves as natively (the traceback line aside: 0 natively)');
like($r->{stdout}, qr/^traceback of c\+10: 250$/m, 'PRINT_TRACEBACK finds the resized chunk');
like($r->{stdout}, qr/^a is the pool: 1$/m, 'the first chunk is at the pool\'s own address');
is_deeply([ stat_lines($r->{stderr}) ],
          [ "$L{CHUNK}: size=350 B (+350 B), count=2 (+2), average=175 B",
            "$L{POOL}: size=64.0 KiB (+0 B), count=1 (+0), average=64.0 KiB" ],
          'chunks are traced at pool_alloc; bad requests are ignored');
like($r->{stderr}, qr/^    at 0x\.{8}: pool_alloc \(\Q$L{CHUNK}\E\)$/m, 'the chunk\'s stack starts in pool_alloc');
is_deeply(parse_summary($r->{stderr}),
          { total => [ 70546, 7 ], peak => [ 66136, 4 ], exit => [ 0, 0 ] },
          'summary: chunks count like blocks, a resize like a realloc');
my $m = eval { parse_msn($r->{file}) };
ok($m, 'output file parses') or diag($@);
SKIP: {
    skip 'no output file', 2 unless $m;
    my $g = group_snapshot($m, 'chunks', 'lineno');
    is_deeply([ @$g{ $L{CHUNK}, $L{POOL} } ], [ [ 350, 2 ], [ 65536, 1 ] ], 'snapshot chunks');
    # Each line's allocations and temporary ones at exit: a pool and the
    # chunk at its address are told apart.
    my %sum;
    for my $row (@{ snapshot_by_name($m, 'exit')->{rows} }) {
        my $st = $m->{stacks}{ $row->{stack} };
        my $line = 'custom.c:' . $m->{frames}{ $st->{frames}[ $st->{attributed} ] }{line};
        $sum{$line}[$_] += $row->{ (qw(alloc_bytes alloc_blocks temp_bytes temp_blocks))[$_] } for 0 .. 3;
    }
    my %churn = map { $_ => sprintf('%d/%d temporary %d/%d', @{ $sum{$_} }) } keys %sum;
    is_deeply(\%churn, { $L{POOL} => '65536/1 temporary 0/0', $L{CHUNK} => '850/4 temporary 550/2',
                         $L{POOL2} => '4096/1 temporary 0/0', $L{CHUNK2} => '64/1 temporary 64/1' },
              'allocations and temporary ones: a pool freed while the chunk at its address is the latest is not temporary');
}

$r = run_memsnap(prog => 'custom', opts => [ '--alloc-fn=pool_alloc' ]);
my $m2 = eval { parse_msn($r->{file}) };
SKIP: {
    skip 'no output file', 1 unless $m2;
    my $g = group_snapshot($m2, 'chunks', 'lineno');
    is_deeply([ @$g{ $L{U1}, $L{U3} } ], [ [ 100, 1 ], [ 250, 1 ] ],
              '--alloc-fn=pool_alloc: chunks at their callers\' lines');
}
# --stats=yes counts the three bad requests (FREELIKE inside c,
# RESIZEINPLACE of an unknown address, MALLOCLIKE of a again).
$r = run_memsnap(prog => 'custom', opts => [ '--stats=yes' ]);
like($r->{stderr}, qr/^memsnap: ignored MALLOCLIKE\/FREELIKE\/RESIZEINPLACE: 3$/m,
     '--stats=yes: three ignored custom-block requests');
like($r->{stderr}, qr/^memsnap: live blocks: +0 /m, '--stats=yes: no live block at exit');
done_testing();
