#!/usr/bin/perl
# Attribution to the user's code (--attribute, --alloc-fn, --system-code,
# --user-code), frame labels without names or lines, the hints at exit,
# and memsnap_print charging a file again.
use strict;
use warnings;
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use Test::More;
use MemsnapTest;

need_tool();

# { label => [bytes, blocks] } of `memsnap_print --stats=SNAP --key=KEY`
# on the file of run $r (extra memsnap_print options in @opts).
sub printed_stats {
    my ($r, $snap, $key, @opts) = @_;
    my $dir = tempdir('memsnap-attrib-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    open(my $fh, '>:raw', "$dir/f.msn") or die; print $fh $r->{file}; close $fh;
    my $p = run_print("--stats=$snap", "--key=$key", '--limit=0', @opts, "$dir/f.msn");
    die "memsnap_print: $p->{stderr}" if $p->{exit};
    return $p->{stdout};
}
sub labels_of {
    my ($stats) = @_;
    return [ map { /^(.*?): size=/ ? $1 : () } split /\n/, $stats ];
}

# --- C++ at -O2: every block at the program's own lines ---------------------
{
    my $r = run_memsnap(prog => 'attrib_cxx');
    is($r->{exit}, 0, 'C++ -O2: exit 0');
    my $m = parse_msn($r->{file});
    # The C++ runtime allocates before main (libstdc++'s emergency pool,
    # from the dynamic loader's initialisers): no frame of those stacks is
    # the program's, so they stay out; every other block is the program's.
    my ($snap) = grep { $_->{name} eq 's' } @{ $m->{snapshots} };
    my @startup = grep {
        !grep { $m->{frames}{$_}{obj} =~ m{/attrib_cxx$} } @{ $m->{stacks}{ $_->{stack} }{all} }
    } @{ $snap->{sites} };
    ok(@startup <= 1, 'C++ -O2: at most one stack without a frame of the program (the runtime\'s)');
    $snap->{sites} = [ grep { my $s = $_; !grep { $_ == $s } @startup } @{ $snap->{sites} } ];
    my $g = group_snapshot($m, $snap, 'lineno');
    my @want = map { 'attrib_cxx.cpp:' . line_of('attrib_cxx.cpp', $_) } qw(VEC MAP STR UNIQ SHARED);
    my @other = grep { !/^attrib_cxx\.cpp:\d+$/ } keys %$g;
    is_deeply(\@other, [], 'C++ -O2: every block is charged to a line of attrib_cxx.cpp')
        or diag(join(', ', @other));
    ok($g->{$_}, "C++ -O2: $_ has blocks") for @want;
    is($g->{ $want[0] }[0], 4000, 'C++ -O2: the vector reserve is 4000 B at its line');
    is($g->{ $want[1] }[1], 100, 'C++ -O2: the 100 map nodes at the insert line');
    my $f = group_snapshot($m, $snap, 'function');
    my @not_fill = grep { !/^fill\(/ } keys %$f;
    is_deeply(\@not_fill, [], 'C++ -O2: by function, every block is fill\'s')
        or diag(join(', ', @not_fill));
    my $innermost = run_memsnap(prog => 'attrib_cxx', opts => [ '--attribute=innermost' ]);
    my $gi = group_snapshot(parse_msn($innermost->{file}), 's', 'lineno');
    ok(scalar(grep { !/^attrib_cxx\.cpp:/ } keys %$gi),
       '--attribute=innermost: library headers are charged (' . join(', ', sort keys %$gi) . ')');
    is(printed_stats($r, 's', 'lineno', '--attribute=innermost'),
       printed_stats($innermost, 's', 'lineno'),
       'memsnap_print --attribute=innermost equals the tool run with it');
}

# --- the C library: the caller's lines, libc6-dbg or not --------------------
{
    my $r = run_memsnap(prog => 'attrib_libc');
    is($r->{exit}, 0, 'libc: exit 0');
    my $g = group_snapshot(parse_msn($r->{file}), 's', 'lineno');
    my %L = map { $_ => 'attrib_libc.c:' . line_of('attrib_libc.c', $_) } qw(DUP1 DUP2 FOPEN ASPR GETLINE);
    is_deeply($g->{ $L{DUP1} }, [11, 1], 'strdup on its line (11 B)');
    is_deeply($g->{ $L{DUP2} }, [21, 1], 'the other strdup on its own line (21 B)');
    ok($g->{ $L{$_} }, "$_ charged to $L{$_}") for qw(FOPEN ASPR GETLINE);
    my @other = grep { !/^attrib_libc\.c:\d+$/ } keys %$g;
    is_deeply(\@other, [], 'libc: no block is charged to the C library') or diag(join(', ', @other));
    # Source directories are normalised: glibc's debug info names
    # "./string/../include" and "./elf/../include", one directory.
    my $m = parse_msn($r->{file});
    my @unnormal = grep { m{(?:^|/)\.(?:/|$)} || m{[^.]/\.\.(?:/|$)} }
                   map { $_->{dir} } values %{ $m->{frames} };
    is_deeply(\@unnormal, [], 'no frame directory has a "." step or a "dir/.." pair');
    # The same file charged again with libc as the user's code: libc's own
    # frames (lines with libc6-dbg, else "fn (libc.so.6)") take the blocks.
    my $user = run_memsnap(prog => 'attrib_libc', opts => [ '--user-code=*/libc.so*' ]);
    is(printed_stats($r, 's', 'lineno', '--user-code=*/libc.so*'),
       printed_stats($user, 's', 'lineno'), 'memsnap_print --user-code equals the tool run with it');
    unlike(printed_stats($user, 's', 'lineno'), qr/^\Q$L{DUP1}\E:/m,
           '--user-code=*/libc.so*: strdup is charged inside libc');
}

# --- an allocation wrapper: the hint, and --alloc-fn -------------------------
{
    my $r = run_memsnap(prog => 'wrapper');
    like($r->{stderr}, qr/^memsnap: hint: 100% of the bytes at the peak are charged to xmalloc \(wrapper\), called from 6 places: if it is an allocation wrapper, add --alloc-fn=xmalloc$/m,
         'the hint names xmalloc and its 6 callers');
    my $a = run_memsnap(prog => 'wrapper', opts => [ '--alloc-fn=xmalloc' ]);
    unlike($a->{stderr}, qr/hint:/, '--alloc-fn=xmalloc: no hint');
    my $g = group_snapshot(parse_msn($a->{file}), 'exit', 'lineno');
    is_deeply($g->{ 'wrapper.c:' . line_of('wrapper.c', "C$_") }, [100 * $_, 1], "--alloc-fn: caller $_")
        for 1 .. 6;
    for my $key (qw(lineno function traceback)) {
        is(printed_stats($r, 'exit', $key, '--alloc-fn=xmalloc'), printed_stats($a, 'exit', $key),
           "memsnap_print --alloc-fn=xmalloc equals the tool run with it ($key)");
    }
    {   # --check charges the file again before checking the budgets.
        my $dir = tempdir('memsnap-attrib-XXXXXX', TMPDIR => 1, CLEANUP => 1);
        open(my $fh, '>:raw', "$dir/w.msn") or die; print $fh $r->{file}; close $fh;
        my @rule = ('--check=function(xmalloc,exit)<=0', "$dir/w.msn");
        is(run_print(@rule)->{exit}, 1, '--check: the blocks are xmalloc\'s');
        is(run_print('--alloc-fn=xmalloc', @rule)->{exit}, 0, '--check --alloc-fn=xmalloc: none is');
    }
    {   # A compare of two runs charges each run again before matching them.
        my $dir = tempdir('memsnap-attrib-XXXXXX', TMPDIR => 1, CLEANUP => 1);
        for my $run (['old', $r], ['new', $a]) {
            open(my $fh, '>:raw', "$dir/$run->[0].msn") or die; print $fh $run->[1]{file}; close $fh;
        }
        my $p = run_print('--compare=' . join(',', map { "$dir/$_.msn:exit" } qw(old new)),
                          '--alloc-fn=xmalloc', '--limit=0');
        my @lines = grep { /: size=/ } split /\n/, $p->{stdout};
        ok(@lines == 6 && !grep({ !/^wrapper\.c:\d+: size=\d+ B \(\+0 B\), count=1 \(\+0\)/ } @lines),
           'memsnap_print --compare of two runs with --alloc-fn=xmalloc: the callers, unchanged')
            or diag($p->{stdout} . $p->{stderr});
    }
    is(join('', grep { /: size=/ } split /^/m, printed_stats($a, 'exit', 'lineno')),
       join('', map { "$_\n" } exit_stat_lines($a->{stderr_raw} =~ s/^==\d+== //mgr)),
       'memsnap_print prints the statistics the tool printed at exit');
    my $none = run_memsnap(prog => 'wrapper', opts => [ '--alloc-fn=no_such_fn', '--system-code=/nowhere/*',
                                                        '--num-callers=30' ]);
    like($none->{stderr}, qr/^memsnap: warning: --alloc-fn=no_such_fn matched no function/m,
         'an --alloc-fn that matched nothing is warned about');
    like($none->{stderr}, qr/^memsnap: warning: --system-code=\/nowhere\/\* matched no object/m,
         'a --system-code that matched nothing is warned about');
    like($none->{stderr}, qr/^memsnap: warning: --num-callers=30 is not used by memsnap: --depth/m,
         '--num-callers: --depth is memsnap\'s');
    my $p = run_print('--alloc-fn=no_such_fn', '--stats=exit', do {
        my $dir = tempdir('memsnap-attrib-XXXXXX', TMPDIR => 1, CLEANUP => 1);
        open(my $fh, '>:raw', "$dir/f.msn") or die; print $fh $r->{file}; close $fh; "$dir/f.msn" });
    like($p->{stderr}, qr/warning: --alloc-fn=no_such_fn matched no function/,
         'memsnap_print warns about a pattern that matched nothing');
}

# --- a stripped program: stable labels, never a bare ??? ---------------------
SKIP: {
    my $strip = (grep { -x "$_/strip" } split /:/, $ENV{PATH} // '')[0];
    skip 'no strip(1) (binutils)', 8 unless $strip;
    my $dir = tempdir('memsnap-strip-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    for my $how (qw(debug all)) {
        my $prog = "$dir/wrapper-$how";
        copy(prog_path('wrapper'), $prog) or die "copy: $!";
        chmod 0755, $prog;
        system("$strip/strip", "--strip-$how", $prog) == 0 or die "strip failed";
        my @runs = map { run_memsnap(prog => $prog) } 1, 2;
        my @labels = map { labels_of(printed_stats($_, 'exit', 'lineno')) } @runs;
        is_deeply($labels[0], $labels[1], "--strip-$how: the same labels in two runs");
        my $want = $how eq 'debug' ? qr/^xmalloc \(wrapper-debug\):0$/ : qr/^wrapper-all\+0x[0-9a-f]+:0$/;
        like($labels[0][0] // '', $want, "--strip-$how: labelled $labels[0][0]");
        ok(!grep({ /\?\?\?/ } @{ $labels[0] }), "--strip-$how: no ??? label");
        my $fn = labels_of(printed_stats($runs[0], 'exit', 'function'));
        is($fn->[0], $how eq 'debug' ? 'xmalloc' : $labels[0][0] =~ s/:0\z//r,
           "--strip-$how: the function key labels the frame the same way");
    }
}

done_testing();
