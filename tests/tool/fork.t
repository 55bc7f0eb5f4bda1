#!/usr/bin/perl
# fork with --memsnap-out-file=...%p (tests/progs/fork.c): one complete file
# per process, each with its own snapshots.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my $r = run_memsnap(prog => 'fork');
is($r->{exit}, 0, 'exit status 0');
my ($child) = $r->{stdout} =~ /^child pid (\d+) take=\d+$/m;
ok($child, 'the child printed its pid') or diag($r->{stdout});
like($r->{stdout}, qr/^parent take=\d+ child status=0$/m, 'the parent saw the child exit 0');
is_deeply([ sort { $a <=> $b } keys %{ $r->{files} } ],
          [ sort { $a <=> $b } grep { defined } $r->{pid}, $child ],
          'two files: memsnap.out.<parent pid> and memsnap.out.<child pid>');
my %L = map { $_ => 'fork.c:' . line_of('fork.c', $_) } qw(P C PP);

my $pm = eval { parse_msn($r->{files}{ $r->{pid} }) };
ok($pm, "parent's file parses") or diag($@);
my $cm = eval { parse_msn($r->{files}{ $child // 0 }) };
ok($cm, "child's file parses") or diag($@);
SKIP: {
    skip 'files missing', 15 unless $pm && $cm;
    ok($pm->{complete} && $pm->{summary}, "parent's file complete, with summary");
    ok($cm->{complete} && $cm->{summary}, "child's file complete, with summary");
    is($pm->{header}{pid}, $r->{pid}, "parent's file: pid");
    is($cm->{header}{pid}, $child,    "child's file: pid");
    is($cm->{header}{ppid}, $r->{pid}, "child's file: ppid is the parent");
    is($pm->{snapshots}[-1]{origin}, 'exit', "parent's file ends with the exit snapshot");
    is($cm->{snapshots}[-1]{origin}, 'exit', "child's file ends with the exit snapshot");
    ok(!snapshot_by_name($pm, 'child'),  "parent's file has no 'child' snapshot");
    ok(!snapshot_by_name($cm, 'parent'), "child's file has no 'parent' snapshot");
    ok(snapshot_by_name($pm, 'before-fork'), "parent's file has 'before-fork'");
    my $g = group_snapshot($pm, 'parent', 'lineno');
    is_deeply([ @$g{ $L{P}, $L{PP} } ], [ [4242, 1], [1000, 1] ], "parent's snapshot: 4242 + 1000 B");
    ok(!$g->{ $L{C} }, "parent's snapshot: nothing of the child's");
    $g = group_snapshot($cm, 'child', 'lineno');
    is_deeply([ @$g{ $L{P}, $L{C} } ], [ [4242, 1], [777, 1] ],
              "child's snapshot: inherited 4242 B + its own 777 B");
    ok(!$g->{ $L{PP} }, "child's snapshot: nothing of the parent's later block");
    my ($ctake) = $r->{stdout} =~ /^child pid \d+ take=(\d+)$/m;
    is(snapshot_by_name($cm, 'child')->{id}, $ctake, "child's snapshot id is the one TAKE returned");
}
# Two summaries in the log, one per process.
my @totals = $r->{stderr} =~ /^(Total:.*)$/mg;
is(scalar(@totals), 2, 'two exit summaries in the log');
done_testing();
