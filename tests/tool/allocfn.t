#!/usr/bin/perl
# --alloc-fn: frames of matching functions at the top of a stack are skipped
# (tests/progs/allocfn.c: xmalloc, my_alloc, my_zalloc).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'allocfn.c:' . line_of('allocfn.c', $_) }
        qw(XM MYA MYC CALLX1 CALLX2 CALLMYA CALLMYC);

my @cases = (
    [ [], { $L{XM} => [600, 3], $L{MYC} => [400, 1] }, 'no --alloc-fn' ],
    [ ['--alloc-fn=xmalloc'],
      { $L{CALLX1} => [100, 1], $L{CALLX2} => [200, 1], $L{MYA} => [300, 1],
        $L{MYC} => [400, 1] }, '--alloc-fn=xmalloc' ],
    [ ['--alloc-fn=xmalloc', '--alloc-fn=my_*'],
      { $L{CALLX1} => [100, 1], $L{CALLX2} => [200, 1], $L{CALLMYA} => [300, 1],
        $L{CALLMYC} => [400, 1] }, "--alloc-fn=xmalloc --alloc-fn='my_*'" ],
    [ ['--alloc-fn=my_*'],
      { $L{XM} => [600, 3], $L{CALLMYC} => [400, 1] },
      "--alloc-fn='my_*' alone (xmalloc on top does not match)" ],
);
my @logs;
for my $c (@cases) {
    my ($opts, $want, $name) = @$c;
    my $r = run_memsnap(prog => 'allocfn', opts => $opts);
    is($r->{exit}, 0, "$name: exit 0");
    my $m = eval { parse_msn($r->{file}) };
    ok($m, "$name: output file parses") or diag($@);
    my $g = $m ? group_snapshot($m, 's', 'lineno') : {};
    my %got = map { $_ => $g->{$_} } grep { /^allocfn\.c:/ } keys %$g;
    is_deeply(\%got, $want, "$name: attribution") or diag(explain(\%got));
    # The same in the statistics the program prints.
    my @lines = grep { /^allocfn\.c:/ } stat_lines($r->{stderr});
    my @want = map { "$_: size=$want->{$_}[0] B, count=$want->{$_}[1], average="
                     . ($want->{$_}[0] / $want->{$_}[1]) . " B" }
               sort { $want->{$b}[0] <=> $want->{$a}[0] } keys %$want;
    is_deeply([ @lines[0 .. $#want] ], \@want, "$name: STATS lines");
    push @logs, "### @$opts\n" . $r->{stderr};
}
golden_ok(drop_system_frames(join("\n", @logs)), 'allocfn.stderr.exp', 'logs match golden file');
done_testing();
