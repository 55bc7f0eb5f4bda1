#!/usr/bin/perl
# Each stack's allocations against DHAT's: on deterministic programs
# without zero-size requests (DHAT makes them 1-byte blocks) and whose
# reallocs are at the stack that allocated the block (DHAT charges a
# realloc to the block's first stack, memsnap to the realloc's: the
# manual's "What memsnap measures"), the bytes and blocks each stack
# allocated (DHAT's `tb' and `tbk' in its JSON output) are memsnap's, and
# so are the totals.  A stack is compared by its frames in the program's
# own sources, innermost first, "file:line" each, so that the allocator
# frames (DHAT's malloc, memsnap's hidden ones) and the start-up frames
# below main do not count; both tools unwind 40 frames.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Temp qw(tempdir);
use MemsnapTest;

need_tool();
my ($inplace, $valgrind) = in_place_valgrind();
my $tmp = tempdir('memsnap-dhat-stacks-XXXXXX', TMPDIR => 1, CLEANUP => 1);

# prog => the regexp of its source files' names.
my %progs = (summary => qr/\Asummary\.c\z/, frees => qr/\Afrees\.c\z/,
             keys => qr/\Akeys(?:_util)?\.c\z/, example => qr/\A(?:example|prog)\.c\z/);

# The key of a stack: its frames in the sources, "file:line" innermost first.
sub key_of { my ($sources, @frames) = @_; return join(' < ', grep { (split /:/)[0] =~ $sources } @frames) }

for my $prog (sort keys %progs) {
    my $src = $progs{$prog};
    my $d = run_cmd(argv => [ $valgrind, '--tool=dhat', '--command-line-only=yes', '--num-callers=40',
                              "--dhat-out-file=$tmp/$prog.dhat", prog_path($prog) ],
                    env => { VALGRIND_LIB => $inplace }, dir => $tmp, timeout => 300);
    my $json = eval { decode_json(slurp("$tmp/$prog.dhat")) };
    ok($json, "$prog: DHAT wrote its JSON") or do { diag($d->{stderr}); next };
    my (%dhat, %memsnap);
    for my $pp (@{ $json->{pps} }) {
        my @frames = map { $json->{ftbl}[$_] =~ /\(([^():]+):(\d+)\)\z/ ? "$1:$2" : '' } @{ $pp->{fs} };
        my $k = key_of($src, @frames);
        $dhat{$k}[0] += $pp->{tb};
        $dhat{$k}[1] += $pp->{tbk};
    }
    my $r = run_memsnap(prog => $prog, opts => [ '--depth=40' ]);
    my $m = eval { parse_msn($r->{file}) };
    ok($m, "$prog: memsnap's file parses") or next;
    for my $row (@{ snapshot_by_name($m, 'exit')->{rows} }) {
        my @frames = map { my $f = $m->{frames}{$_}; $f->{line} ? "$f->{file}:$f->{line}" : '' }
                     @{ $m->{stacks}{ $row->{stack} }{frames} };
        my $k = key_of($src, @frames);
        $memsnap{$k}[0] += $row->{alloc_bytes};
        $memsnap{$k}[1] += $row->{alloc_blocks};
    }
    my @own = grep { $_ ne '' } keys %dhat;
    cmp_ok(scalar(@own), '>', 0, "$prog: DHAT saw stacks in the program's sources");
    is_deeply({ map { $_ => $memsnap{$_} } @own }, { map { $_ => $dhat{$_} } @own },
              "$prog: each stack allocated what DHAT says (tb, tbk), bytes and blocks")
        or diag(explain({ memsnap => \%memsnap, dhat => \%dhat }));
    my @sum = (0, 0);
    for my $v (values %memsnap) { $sum[0] += $v->[0]; $sum[1] += $v->[1] }
    is_deeply(\@sum, [ $json->{tb} // sum_of(\%dhat, 0), $json->{tbk} // sum_of(\%dhat, 1) ],
              "$prog: the stacks' allocations add up to DHAT's total");
}
sub sum_of { my ($h, $i) = @_; my $s = 0; $s += $_->[$i] for values %$h; return $s }
done_testing();
