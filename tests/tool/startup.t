#!/usr/bin/perl
# Start-up memory (docs/design.md, "Start-up memory"): memsnap's tables live
# in Valgrind's core arena, whose first 4 MiB superblock is nearly full of
# the core's own thread table, and while Valgrind reads libc's debug info
# the core briefly needs 192 KiB more of it.  Tables made eagerly at
# start-up pushed the arena into a second superblock (docs/performance.md,
# "Start-up memory", has the figures).
# So memsnap makes its tables small or when first needed: for a program
# that allocates nothing (/bin/true), memsnap's own cost centres in the
# core arena (--profile-heap=yes, at exit) stay small, and the arena maps
# no more than under massif, which has no such tables.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
plan skip_all => '/bin/true not found' unless -x '/bin/true';

# The core arena's line and cost centres from a --profile-heap=yes log:
# (mapped at most, on loan at most, { cost centre => bytes }).
sub core_arena {
    my ($log) = @_;
    my ($head, $body) = $log =~ /^(-+ Arena "core":[^\n]*)\n(.*?)^(?:=+ )?-+ Arena /ms;
    return unless defined $head;
    my ($mapped) = $head =~ /([\d,]+)\/[\d,]+ max\/curr mmap'd/;
    my ($loan)   = $head =~ /([\d,]+)\/[\d,]+ max\/curr on_loan/;
    my %cc;
    while ($body =~ /^(?:==\d+== )?\s*([\d,]+) in\s+\d+: (\S+)/mg) {
        (my $b = $1) =~ tr/,//d;
        $cc{$2} += $b;
    }
    tr/,//d for grep { defined } $mapped, $loan;
    return ($mapped, $loan, \%cc);
}

my $m = run_memsnap(prog => '/bin/true', opts => [ '--profile-heap=yes' ]);
is($m->{exit}, 0, 'memsnap: /bin/true exits with 0');
my ($mapped, $loan, $cc) = core_arena($m->{stderr_raw});
ok(defined $mapped, '--profile-heap=yes shows the core arena')
    or diag($m->{stderr_raw});
my @ours = grep { /^msn\./ } keys %{ $cc || {} };
my $own = 0;
$own += $cc->{$_} for @ours;
cmp_ok(scalar(@ours), '>', 0, "memsnap's cost centres are listed (msn.*)");
cmp_ok($own, '<=', 16384,
       "memsnap holds at most 16 KiB of the core arena when nothing is allocated ($own bytes)")
    or diag(join "\n", map { "$_ $cc->{$_}" } sort { $cc->{$b} <=> $cc->{$a} } @ours);
ok(!grep({ /^msn\.symbols\./ } @ours), 'no symbol table is made when nothing is symbolized');

SKIP: {
    my $r = run_cmd(argv => [ MemsnapTest::valgrind(), '--tool=massif', '--command-line-only=yes',
                              '--massif-out-file=/dev/null', '--profile-heap=yes',
                              '/bin/true' ]);
    my ($massif_mapped, $massif_loan) = core_arena($r->{stderr});
    skip 'massif is not available in the in-place directory', 1
        unless $r->{status} == 0 && defined $massif_mapped;
    cmp_ok($mapped // 0, '<=', $massif_mapped,
           "the core arena maps no more under memsnap than under massif "
           . "(at most on loan: memsnap $loan, massif $massif_loan bytes)");
}
done_testing();
