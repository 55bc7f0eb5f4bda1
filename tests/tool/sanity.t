#!/usr/bin/perl
# memsnap's self-checks (VG_(needs_sanity_checks)): with --sanity-level=3
# Valgrind calls them at every scheduling point, including the O(blocks)
# ones (the block table's structure, every site's live bytes recounted from
# the blocks, every snapshot's sums).  A broken invariant aborts the run.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
for my $prog (qw(stress slabs peak custom realloc threads requests)) {
    my $r = run_memsnap(prog => $prog, opts => [ '--sanity-level=3' ]);
    is($r->{exit}, 0, "$prog --sanity-level=3: exit status 0");
    unlike($r->{stderr}, qr/Assertion|the 'impossible' happened/,
           "$prog --sanity-level=3: every self-check holds");
    like($r->{stderr}, qr/^At exit:/m, "$prog --sanity-level=3: the run reached its summary");
}
done_testing();
