#!/usr/bin/perl
# Every allocation entry point (tests/progs/alloc_c.c and alloc_cxx.cpp):
# the programs behave under memsnap exactly as natively (same stdout), and
# the traced bytes/blocks after each step are the hand-computed ones listed
# at the top of each program.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();

# step name => [bytes, blocks], from the comments of the programs.
my @c_steps = (
    [malloc => 100, 1], [calloc => 300, 2], [realloc => 500, 2],
    [realloc0 => 550, 3], [reallocfree => 500, 2], [memalign => 600, 3],
    [memalign48 => 700, 4], [posix => 800, 5], [posixbad => 800, 5],
    [aligned => 1312, 6], [valloc => 2312, 7], [usable => 2312, 7],
    [zero => 2312, 8], [zerocalloc => 2312, 9], [fail => 2312, 9],
    [failcalloc => 2312, 9], [failrealloc => 2312, 9], [freenull => 2312, 9],
    [freed => 0, 0],
);
my @cxx_steps = (
    [new => 24, 1], [newarr => 264, 2], [nothrow => 288, 3],
    [nothrowarr => 408, 4], [aligned => 472, 5], [alignedarr => 664, 6],
    [alignednt => 728, 7], [opnew => 828, 8], [zero => 828, 9],
    [failnt => 828, 9], [deleted => 0, 0],
);

sub check_steps {
    my ($log, $want, $what) = @_;
    my @got = grep { defined } map {
        /^step (\S+) bytes=(-?\d+) blocks=(-?\d+)$/ ? [ $1, $2 + 0, $3 + 0 ] : undef
    } split /\n/, $log;
    is_deeply(\@got, $want, "$what: traced bytes/blocks after each step")
        or diag(join "\n", map { "@$_" } @got);
}

# --- C ---
my $native = run_native(prog => 'alloc_c');
is($native->{exit}, 0, 'alloc_c natively: exit 0');
my $r = run_memsnap(prog => 'alloc_c');
is($r->{exit}, 0, 'alloc_c under memsnap: exit 0');
is($r->{stdout}, $native->{stdout}, 'alloc_c: stdout identical to the native run');
unlike($r->{stderr}, qr/impossible|panic|Valgrind cannot|Invalid free/i,
       'no Valgrind panic or complaint');
my $log = join("\n", grep { !/^step (absurd|bad) / } split /\n/, $r->{stderr});
check_steps($log, \@c_steps, 'alloc_c');
like($r->{stderr}, qr/^peak above baseline: 2312$/m, 'alloc_c: peak 2312 B above the baseline');

# Valgrind-only part: absurd alignments and bad frees.
like($r->{stderr}, qr/^memalign\(1<<30,8\) = NULL$/m,      'memalign(1<<30, 8) = NULL');
like($r->{stderr}, qr/^memalign\(1<<25,16\) = NULL$/m,     'memalign(1<<25, 16) = NULL');
like($r->{stderr}, qr/^aligned_alloc\(1<<30,8\) = NULL$/m, 'aligned_alloc(1<<30, 8) = NULL');
like($r->{stderr}, qr/^posix_memalign\(1<<30,8\) = 12$/m,  'posix_memalign(1<<30, 8) = ENOMEM');
like($r->{stderr}, qr/^step absurd bytes=0 blocks=0$/m,    'absurd alignments trace nothing');
my @bad = $r->{stderr} =~ /^step bad bytes=(-?\d+) blocks=(-?\d+)$/mg;
is_deeply(\@bad, [64, 1, 64, 1, 0, 0],
          'free(stack), free(interior) ignored (64 B still traced), double free ignored');
like($r->{stderr}, qr/^survived$/m, 'the program survives bad frees');

# Attribution of every entry point to its own line, in snapshot "all".
my $m = eval { parse_msn($r->{file}) };
ok($m, 'alloc_c: output file parses') or diag($@);
SKIP: {
    skip 'no output file', 2 unless $m;
    my $g = group_snapshot($m, 'all', 'lineno');
    my %want = (realloc => [300, 1], calloc => [200, 1], memalign => [100, 1],
                memalign48 => [100, 1], posix => [100, 1], aligned => [512, 1],
                valloc => [1000, 1], zero => [0, 1], zerocalloc => [0, 1]);
    my %got = map { $_ => $g->{ 'alloc_c.c:' . line_of('alloc_c.c', $_) } } keys %want;
    is_deeply(\%got, \%want, 'snapshot "all": each entry point at its own line');
    ok(!$g->{ 'alloc_c.c:' . line_of('alloc_c.c', 'malloc') },
       'the malloc line lost its block to realloc');
}

# --- C++ ---
$native = run_native(prog => 'alloc_cxx');
is($native->{exit}, 0, 'alloc_cxx natively: exit 0');
$r = run_memsnap(prog => 'alloc_cxx');
is($r->{exit}, 0, 'alloc_cxx under memsnap: exit 0');
is($r->{stdout}, $native->{stdout}, 'alloc_cxx: stdout identical to the native run');
unlike($r->{stderr}, qr/impossible|panic|cannot throw/i, 'no Valgrind panic');
check_steps($r->{stderr}, \@cxx_steps, 'alloc_cxx');
$m = eval { parse_msn($r->{file}) };
ok($m, 'alloc_cxx: output file parses') or diag($@);
SKIP: {
    skip 'no output file', 1 unless $m;
    my $g = group_snapshot($m, 'all', 'lineno');
    my %want = (new => [24, 1], newarr => [240, 1], nothrow => [24, 1],
                nothrowarr => [120, 1], alignednew => [64, 1], alignedarr => [192, 1],
                alignednt => [64, 1], opnew => [100, 1], zeroarr => [0, 1]);
    my %got = map { $_ => $g->{ 'alloc_cxx.cpp:' . line_of('alloc_cxx.cpp', $_) } } keys %want;
    is_deeply(\%got, \%want, 'snapshot "all": each new form at its own line');
}
done_testing();
