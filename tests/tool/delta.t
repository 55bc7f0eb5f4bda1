#!/usr/bin/perl
# Snapshots stored and written as their changes against the one before
# (tests/progs/changes.c: 60 snapshots, each a few rows away from the one
# before, older ones shadowed by names taken again).  Two independent
# paths must agree: the tool's in-process compare and statistics, which
# rebuild tables from the changes kept in memory (folded when a snapshot
# is shadowed), and memsnap_print on the file, which applies the changes
# written with each snapshot.  The file holds changes, not whole tables;
# with --sanity-level=3 every stored table is rebuilt and checked at every
# scheduling point.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();

my $r = run_memsnap(prog => 'changes');
is($r->{exit}, 0, 'changes: exit 0') or diag($r->{stderr});
my $file = "$r->{dir}/memsnap.out.$r->{pid}";
my @parts = split /^\@\@ /m, strip_pid($r->{stderr_raw});
shift @parts;
my $n = 0;
for my $part (@parts) {
    my ($req, $body) = split /\n/, $part, 2;
    $body =~ s/^\n.*\z//ms;
    my ($what, @a) = split / /, $req;
    my @opts = ("--key=$a[-2]", "--limit=$a[-1]",
                $what eq 'compare' ? "--compare=$a[0],$a[1]" : "--stats=$a[0]");
    ok(length $body, "$req: printed in-process");
    my $p = run_print(@opts, $file);
    is($p->{stdout} . $p->{stderr}, $body, "$req: memsnap_print prints the same");
    $n++;
}
is($n, 8, 'every request checked');

my $m = parse_msn(slurp($file));
is($m->{format}, 5, 'format version 5');
my ($rows, $lines, $based) = (0, 0, 0);
for my $s (@{ $m->{snapshots} }) {
    $rows += $s->{n_stacks};
    $lines += $s->{n_lines};
    $based++ if $s->{base};
}
is($based, @{ $m->{snapshots} } - 1, 'every snapshot after the first is written as changes');
cmp_ok($lines * 3, '<', $rows, "the file has $lines site and gone lines for $rows rows");

my $s = run_memsnap(prog => 'changes', opts => ['--sanity-level=3']);
is($s->{exit}, 0, '--sanity-level=3: exit 0');
unlike($s->{stderr}, qr/Assertion|the 'impossible' happened/, '--sanity-level=3: every check holds');
done_testing();
