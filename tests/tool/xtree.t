# xtree.t: --xtree-memory=allocs|full, --xtree-memory-file and the monitor
# command `xtmemory [FILE]', as memcheck and massif have them: the files
# are callgrind-format xtrees, read back by callgrind_annotate (Debian's
# valgrind package), whose figures equal memsnap's own statistics of the
# same moment: the exit snapshot for the report at exit, snapshot "half"
# for the monitor command tests/progs/exports sends just after taking it.
use strict;
use warnings;
use Test::More;
use JSON::PP ();
use MemsnapTest;

need_tool();
plan skip_all => 'callgrind_annotate not found (Debian: apt-get install valgrind)'
    unless grep { -x "$_/callgrind_annotate" } split /:/, $ENV{PATH} // '';

# callgrind_annotate's totals and inclusive costs per function of FILE.
sub annotate {
    my ($dir, $file) = @_;
    my $r = run_cmd(argv => ['callgrind_annotate', '--threshold=100', '--inclusive=yes', $file], dir => $dir);
    is($r->{status}, 0, "callgrind_annotate $file: status 0") or diag($r->{stderr});
    unlike($r->{stderr}, qr/WARNING/, "callgrind_annotate $file: no warning");
    my ($events) = $r->{stdout} =~ /^Events recorded: +(.*)$/m;
    my %a = (events => [split ' ', $events // ''], fns => {});
    for (split /\n/, $r->{stdout}) {
        my @n;
        next unless /^\s*((?:[0-9,]+(?: +\( *[0-9.]+%\))? +)+)(PROGRAM TOTALS|\S.*?:(.*?)(?: \[.*\])?)$/;
        my ($costs, $what, $fn) = ($1, $2, $3);
        $costs =~ s/\( *[0-9.]+%\)//g;
        @n = map { s/,//gr + 0 } split ' ', $costs;
        if ($what eq 'PROGRAM TOTALS') { $a{totals} = \@n } else { $a{fns}{$fn} = \@n }
    }
    return \%a;
}

# memsnap_print's --key=function statistics of snapshot SNAP: { fn => [bytes, blocks] }.
sub functions_of {
    my ($file, $snap) = @_;
    my $r = run_print('--format=json', '--output=-', "--stats=$snap", '--key=function', '--limit=0', $file);
    my $doc = JSON::PP->new->decode($r->{stdout});
    return ({ map { $_->{key} => [$_->{size}, $_->{count}] } @{ $doc->{statistics} } },
            [@{ $doc->{snapshot} }{qw(bytes blocks)}]);
}
for my $mode (qw(allocs full)) {
    my $r = run_memsnap(prog => 'exports', args => ['xtmemory xtmemory.%p.out'],
                        opts => ["--xtree-memory=$mode", '--xtree-memory-file=xt.%p.out', '--depth=64']);
    is($r->{exit}, 0, "$mode: exit status 0") or diag($r->{stderr_raw});
    my $file = "$r->{dir}/memsnap.out.$r->{pid}";
    for my $case (["xt.$r->{pid}.out", 'exit'], ["xtmemory.$r->{pid}.out", 'half']) {
        my ($xt, $snap) = @$case;
        ok(-s "$r->{dir}/$xt", "$mode: $xt written");
        my $a = annotate($r->{dir}, $xt);
        my ($fns, $totals) = functions_of($file, $snap);
        is_deeply([@{ $a->{events} }[0, 1]], ['curB', 'curBk'], "$mode $xt: events curB curBk first");
        is_deeply([@{ $a->{totals} }[0, 1]], $totals, "$mode $xt: the totals of snapshot '$snap'");
        # (The threads' buffers: a leaf function that is not recursive.
        # The core's xtree files count a recursive function once per
        # level, and hold at most --num-callers frames per stack.)
        is_deeply([@{ $a->{fns}{'worker(void*)'} // [] }[0, 1]], $fns->{'worker(void*)'},
                  "$mode $xt: worker(void*) as --key=function");
        ok($a->{fns}{'build_list(int)'}, "$mode $xt: the recursive function");
        if ($mode eq 'full') {
            ok(!$a->{fns}{free} && !$a->{fns}{'operator delete(void*, unsigned long)'},
               "full $xt: frees are the program's lines, not the allocator's");
            is_deeply([@{ $a->{fns}{main} // [] }[4, 5]], [20 * 32 + 4000, 21],
                      "full $xt: main freed half the list and the table");
            is_deeply([@{ $a->{events} }[2 .. 5]], [qw(totB totBk totFdB totFdBk)], "full $xt: allocated and freed");
        }
    }
    like($r->{stderr_raw}, qr/xtree memory report: .*xt\.$r->{pid}\.out/, "$mode: the report's name in the log");
}

# --xtree-memory=none (the default): no file at exit; the monitor command
# works still (the core names its file as for memcheck: xtmemory.kcg.PID.N).
my $r = run_memsnap(prog => 'exports', args => ['xtmemory'], opts => ['--xtree-memory-file=xt.out']);
is($r->{exit}, 0, 'none: exit status 0');
my @files = grep { !/memsnap\.out/ } glob("$r->{dir}/*");
is(scalar(@files), 1, 'none: one xtree file, from the monitor command') or diag("@files");
like($r->{stderr_raw}, qr/xtree memory report: \Q$files[0]\E$/m, 'none: its name in the log');

# Bad values are refused as the core refuses them.
$r = run_memsnap(prog => 'exports', opts => ['--xtree-memory=most']);
isnt($r->{exit}, 0, '--xtree-memory=most: refused');
like($r->{stderr_raw}, qr/xtree-memory=most/, '--xtree-memory=most: named');

done_testing();
