#!/usr/bin/perl
# The malloc interface at its edges behaves under memsnap as under memcheck
# and massif of the same Valgrind: realloc(p, 0) (and, from 3.21, with
# --realloc-zero-bytes-frees=no), the alignment checks of aligned_alloc,
# posix_memalign and memalign, sizes with the top bit set, free_sized and
# free_aligned_sized, sized and aligned delete.  The program prints what
# each call returned and errno (tests/progs/mallocapi.cpp); its output must
# be the same under the three tools, line by line.  memsnap's figures must
# not depend on the release: every block freed, and the totals of 3.19.
# What each release does differently is in docs/memsnap.md ("Valgrind
# releases").
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my ($version) = `${\ MemsnapTest::valgrind()} --version` =~ /^valgrind-(\d+\.\d+)/m;
plan skip_all => 'cannot tell the Valgrind release from vg-in-place --version'
    unless defined $version;
my ($major, $minor) = split /\./, $version;
my $at_least = sub { my ($ma, $mi) = @_; $major > $ma || ($major == $ma && $minor >= $mi) };

my $prog = prog_path('mallocapi');
my @common = ('-q', '--soname-synonyms=somalloc=NONE');

# The program's stdout under TOOL with extra OPTIONS.
sub under {
    my ($tool, @opts) = @_;
    my $r = run_cmd(argv => [ MemsnapTest::valgrind(), "--tool=$tool", @common,
                              ($tool eq 'massif' ? '--massif-out-file=/dev/null' : ()),
                              @opts, $prog ]);
    is($r->{status}, 0, "$tool @opts: exit status 0")
        or diag($r->{stderr});
    return $r->{stdout};
}

for my $opts ([], ($at_least->(3, 21) ? (['--realloc-zero-bytes-frees=no']) : ())) {
    my $r = run_memsnap(prog => $prog, opts => [ '--stats=yes', @common[1 .. $#common], @$opts ]);
    is($r->{exit}, 0, "memsnap @$opts: exit status 0");
    my $memsnap = $r->{stdout};
    like($memsnap, qr/^operator new\(huge, align 64, nothrow\): /m,
         "memsnap @$opts: the program ran to its end");
    is($memsnap, under('memcheck', @$opts), "memsnap @$opts: the program gets what it gets under memcheck");
    is($memsnap, under('massif', @$opts), "memsnap @$opts: the program gets what it gets under massif");

    my $zero_frees = !@$opts;
    like($memsnap, $zero_frees ? qr/^realloc\(p, 0\): NULL, errno 0$/m
                               : qr/^realloc\(p, 0\): block, errno 0$/m,
         "memsnap @$opts: realloc(p, 0) " . ($zero_frees ? 'frees p' : 'makes a block'));
    # On Linux, Valgrind replaces free_sized from 3.23, free_aligned_sized
    # from 3.26.
    for ([ 'free_sized', 3, 23 ], [ 'free_aligned_sized', 3, 26 ]) {
        my ($fn, $ma, $mi) = @$_;
        my $whose = $at_least->($ma, $mi) ? "Valgrind's" : "the program's";
        like($memsnap, qr/^$fn: \Q$whose\E$/m, "memsnap @$opts: $fn is $whose on $version");
    }

    # Every block is freed, by whichever function; the totals are those of
    # every release (one byte more for the block of realloc(p, 0) when it
    # is not freed).
    my $s = parse_summary($r->{stderr_raw});
    is_deeply($s->{exit}, [ 0, 0 ], "memsnap @$opts: At exit 0 bytes in 0 blocks");
    is_deeply($s->{total}, $zero_frees ? [ 79_912, 55 ] : [ 79_913, 56 ],
              "memsnap @$opts: Total as on every release");
    # The six requests of a size with the top bit set get NULL; nothing
    # is freed or reallocated that memsnap did not hand out.
    like($r->{stderr_raw}, qr/^--\d+-- memsnap: failed allocs: +6\n--\d+-- memsnap: ignored frees: +0\n--\d+-- memsnap: ignored reallocs: +0$/m,
         "memsnap @$opts: 6 failed allocations, no ignored free or realloc");
}
done_testing();
