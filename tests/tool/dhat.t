#!/usr/bin/perl
# Correctness yardstick: on deterministic programs without
# zero-size requests (DHAT makes them 1-byte blocks), memsnap's Total, At
# peak and At exit equal DHAT's Total, At t-gmax and At t-end, bytes and
# blocks.
#
# Programs: three of ours (summary, frees, realloc) and real Debian
# programs: perl building a hash (PERL_HASH_SEED=0 and PERL_PERTURB_KEYS=0
# make it deterministic), `sort -n' on a generated file, and python3 -I -S
# (its default allocator; -I ignores PYTHON* variables).
#
# Both tools run from the build tree's in-place directory, which links all
# of Valgrind's tools next to memsnap.  Valgrind puts VALGRIND_LIB and
# LD_PRELOAD (".../vgpreload_memsnap-..." or ".../vgpreload_dhat-...") into
# the client's environment, and perl and python copy their environment
# into the heap, so the runs must see environments of the same total size:
# memsnap runs with VALGRIND_LIB=<tmp>/m and DHAT with <tmp>/dh (both
# symbolic links to the in-place directory): one character more in
# VALGRIND_LIB, twice one more minus three ("dhat" vs "memsnap") in
# LD_PRELOAD, so the same number of bytes in all.
#
# python3 with PYTHONMALLOC=malloc is not used: the contents of those two
# variables still differ, and CPython's behaviour (the order of some frees,
# hence the peak) depends on the contents, not only the size, of its
# environment; Total and At exit agree, At t-gmax does not.  (Replaying each
# tool's own --trace-malloc=yes log reproduces that tool's numbers exactly:
# the two runs make different sequences of calls, so neither tool is wrong.)
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use MemsnapTest;

need_tool();
my ($inplace, $valgrind) = in_place_valgrind();

my $tmp = tempdir('memsnap-yardstick-XXXXXX', TMPDIR => 1, CLEANUP => 1);
symlink($inplace, "$tmp/m") or die "symlink: $!";
symlink($inplace, "$tmp/dh") or die "symlink: $!";
open(my $fh, '>', "$tmp/numbers.txt") or die;
print {$fh} (($_ * 7919) % 10007, " line $_\n") for 1 .. 20000;
close($fh);

my %determinism = (PERL_HASH_SEED => 0, PERL_PERTURB_KEYS => 0, PYTHONHASHSEED => 0);
my @cases = (
    [ 'summary', [ prog_path('summary') ] ],
    [ 'frees',   [ prog_path('frees') ] ],
    [ 'realloc', [ prog_path('realloc') ] ],
    [ 'perl hash', [ $^X, '-e', 'my %h; $h{"k$_"} = "v" x ($_ % 50) for 1 .. 2000; '
                                . 'print scalar(keys %h), "\n"' ] ],
    [ 'sort -n', [ 'sort', '-n', "$tmp/numbers.txt" ] ],
);
if (-x '/usr/bin/python3') {
    push @cases, [ 'python3 -I -S', [ '/usr/bin/python3', '-I', '-S', '-c',
        'd = {str(i): [i] * (i % 7) for i in range(3000)}; print(len(d))' ] ];
}

sub three {
    my ($log, @names) = @_;
    my %r;
    for my $i (0 .. 2) {
        my ($b, $n) = $log =~ /^==\d+== \Q$names[$i]\E:\s+([\d,]+) bytes in ([\d,]+) blocks?$/m;
        tr/,//d for grep { defined } $b, $n;
        $r{ (qw(total peak exit))[$i] } = defined $b ? [ $b + 0, $n + 0 ] : undef;
    }
    return \%r;
}

for my $c (@cases) {
    my ($name, $argv) = @$c;
    my $m = run_cmd(argv => [ $valgrind, '--tool=memsnap', '--command-line-only=yes',
                              '--memsnap-out-file=/dev/null', @$argv ],
                    env => { %determinism, VALGRIND_LIB => "$tmp/m" }, dir => $tmp, timeout => 300);
    my $d = run_cmd(argv => [ $valgrind, '--tool=dhat', '--command-line-only=yes',
                              '--dhat-out-file=/dev/null', @$argv ],
                    env => { %determinism, VALGRIND_LIB => "$tmp/dh" }, dir => $tmp, timeout => 300);
    is($m->{status}, $d->{status}, "$name: same exit status under both tools");
    my $ms = three($m->{stderr}, 'Total', 'At peak', 'At exit');
    my $dh = three($d->{stderr}, 'Total', 'At t-gmax', 'At t-end');
    ok($dh->{total}, "$name: DHAT printed its totals") or diag($d->{stderr});
    is_deeply($ms->{total}, $dh->{total}, "$name: Total = DHAT's Total");
    is_deeply($ms->{peak},  $dh->{peak},  "$name: At peak = DHAT's At t-gmax");
    is_deeply($ms->{exit},  $dh->{exit},  "$name: At exit = DHAT's At t-end");
}
done_testing();
