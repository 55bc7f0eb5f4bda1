#!/usr/bin/perl
# --depth and frames without line information (tests/progs/depth.c).
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
my %L = map { $_ => 'depth.c:' . line_of('depth.c', $_) } qw(F3 F2 F1 CALLF1 NODBG DUP);
my ($f3, $f2, $f1, $callf1) = map { (split /:/)[1] } @L{qw(F3 F2 F1 CALLF1)};
my $have_asm = ($^O eq 'linux' && `uname -m` =~ /x86_64/) ? 1 : 0;

# The stack holding the BYTES-byte block in snapshot "s".
sub stack_of {
    my ($m, $bytes) = @_;
    my $s = snapshot_by_name($m, 's');
    my @st = map { $m->{stacks}{ $_->{stack} } } grep { $_->{bytes} == $bytes } @{ $s->{sites} };
    return $st[0];
}
sub own_stack {
    my ($m, $st) = @_;
    return !grep { $m->{frames}{$_}{obj} !~ m{/depth$} } @{ $st->{frames} };
}
sub fn_line { my ($m, $fid) = @_; my $f = $m->{frames}{$fid}; "$f->{fn}:$f->{line}" }

my @logs;
for my $depth (undef, 2, 1) {
    my $name = defined $depth ? "--depth=$depth" : 'default depth';
    my $r = run_memsnap(prog => 'depth', opts => [ defined $depth ? "--depth=$depth" : () ]);
    is($r->{exit}, 0, "$name: exit 0");
    my $m = eval { parse_msn($r->{file}) };
    ok($m, "$name: output file parses") or diag($@);
    next unless $m;
    is($m->{header}{depth}, $depth // 12, "$name: depth header");
    # The program's own stacks: it has no inlined calls, so frames are code
    # addresses (the C library's stacks may hold inlined frames too).
    my $max = 0;
    for (grep { own_stack($m, $_) } values %{ $m->{stacks} }) {
        $max = @{ $_->{frames} } if @{ $_->{frames} } > $max;
    }
    ok($max <= ($depth // 12), "$name: no stack has more than " . ($depth // 12) . " frames");

    my $g = group_snapshot($m, 's', 'lineno');
    is_deeply($g->{ $L{F3} }, [100, 1], "$name: f3's block at f3's line");
    my $st = stack_of($m, 100);
    my @want = ("f3:$f3", "f2:$f2", "f1:$f1", "main:$callf1");
    splice(@want, $depth) if defined $depth;
    my @got = map { fn_line($m, $_) } @{ $st->{frames} };
    is_deeply([ @got[0 .. $#want] ], \@want, "$name: f3 stack frames");
    is(scalar(@got), $depth, "$name: f3 stack has exactly $depth frames") if defined $depth;

    # The traceback printed by STATS("s", "traceback").
    my @tb = ("    at 0x........: f3 (depth.c:$f3)", "    by 0x........: f2 (depth.c:$f2)",
              "    by 0x........: f1 (depth.c:$f1)", "    by 0x........: main (depth.c:$callf1)");
    splice(@tb, $depth) if defined $depth;
    my $tb = join("\n", "$L{F3}: size=100 B, count=1, average=100 B", @tb);
    my $end = defined $depth ? '(?:\n(?!    by ).*|\z)' : '';
    like($r->{stderr}, qr/^\Q$tb\E$end$/m, "$name: traceback shows " . scalar(@tb) . " frames");

  SKIP: {
        skip 'nodbg_malloc is assembler for amd64 only', 1 unless $have_asm;
        # The program's own code, line information or not (--attribute=user).
        is_deeply($g->{'nodbg_malloc (depth):0'}, [40, 1],
                  "$name: nodbg_malloc (no line info) is the user's code: 'nodbg_malloc (depth):0'");
    }
    # strdup: libc is system code, so the block is charged to main's line,
    # with libc6-dbg installed or not; with --depth=1 strdup is all there is.
    my $dup = stack_of($m, 13);
    my $top = $m->{frames}{ $dup->{frames}[0] };
    is($top->{fn}, 'strdup', "$name: the strdup block's first frame is strdup");
    my $label = (grep { $g->{$_}[0] == 13 } keys %$g)[0] // '';
    if (defined $depth && $depth == 1) {
        like($label, $top->{line} > 0 ? qr/^strdup\.c:\d+$/ : qr/^strdup \(libc\.so\.6\):0$/,
             "$name: only system code: the strdup block is strdup's ($label)");
    } else {
        is($label, $L{DUP}, "$name: strdup is system code: main's line");
    }
    push @logs, "### $name\n" . $r->{stderr};
}
# The strdup block's label and frames depend on libc6-dbg: its entries
# (the statistics line and the frame lines after it) stay out of the golden.
sub drop_strdup_entries {
    my ($log) = @_;
    my ($skip, @out) = (0);
    for (split /\n/, $log, -1) {
        $skip = /size=13 B/ ? 1 : 0 if /: size=/ || !/^\s+(?:at|by) /;
        push @out, $_ unless $skip;
    }
    return join("\n", @out);
}
golden_ok(drop_system_frames(drop_strdup_entries(join("\n", @logs))),
          'depth.stderr.exp', 'logs match golden file (libc frames left out)');
done_testing();
