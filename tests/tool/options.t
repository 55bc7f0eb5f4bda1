#!/usr/bin/perl
# Option handling: bad values of every option fail with Valgrind's "Bad
# option" error before the program runs, good ones are accepted; --help
# (or --help-debug) lists every option of the manual's table
# (docs/memsnap.md, "Options"), and the manual documents every option
# --help lists.
use strict;
use warnings;
use Test::More;
use MemsnapTest;

need_tool();
# tests/progs/startstop prints to stdout as soon as it runs.
my @bad = (
    [ '--depth=0',              qr/between 1 and \d+/ ],
    [ '--depth=100000',         qr/between 1 and \d+/ ],
    [ '--key=bogus',            qr/unknown key/ ],
    [ '--key=traceback,cumulative', qr/cumulative/ ],
    [ '--trace-at-start=maybe', qr/yes.*no|no.*yes/ ],
    [ '--unwind-memo=maybe',    qr/yes.*no|no.*yes/ ],
    [ '--stats-at-exit=-1',     qr/between 0 and/ ],
    [ '--alloc-fn=',            qr/the pattern is empty/ ],
    [ '--peak-inaccuracy=-1',   qr/percentage from 0 to 100/ ],
    [ '--peak-inaccuracy=101',  qr/percentage from 0 to 100/ ],
    [ '--peak-inaccuracy=x',    qr/Invalid floating point value 'x'/ ],
    [ '--stats-at-peak=-1',     qr/between 0 and/ ],
    [ '--time-unit=s',          qr/B, ms or i/ ],
    [ '--snapshot-every=0B',    qr/the interval must be more than 0/ ],
    [ '--snapshot-every=12',    qr/give the unit after the number/ ],
    [ '--snapshot-every=MiB',   qr/give a number and its unit/ ],
    [ '--snapshot-every=10h',   qr/unknown unit: give B, KiB, MiB, GiB/ ],
    [ '--snapshot-every=10 ms', qr/unknown unit/ ],
    [ '--snapshot-every=',      qr/give a number and its unit/ ],
    [ '--snapshot-every=99999999999999999999B', qr/the number is too large/ ],
    [ '--snapshot-every=99999999999GiB', qr/the number is too large/ ],
    [ '--max-auto-snapshots=1', qr/between 2 and 100000/ ],
    [ '--max-auto-snapshots=100001', qr/between 2 and 100000/ ],
    [ '--max-auto-snapshots=x', qr/Invalid integer value 'x'|between 2 and 100000/ ],
    [ '--memsnap-out-file=/nonexistent/dir/x', qr{cannot create '/nonexistent/dir/x'} ],
);
# Two options that disagree: the second is the bad one.
push @bad, [ [ '--time-unit=ms', '--snapshot-every=1MiB' ],
             qr/the clock of the run is --time-unit=ms: give the interval in ms \(or s\)/ ],
           [ [ '--snapshot-every=10i', '--time-unit=B' ],
             qr/--snapshot-every=10i counts in i, the clock of the run: give both in the same unit/ ];
for my $b (@bad) {
    my ($opts, $why) = @$b;
    my @opts = ref $opts ? @$opts : ($opts);
    my $opt = $opts[-1];
    my $r = run_memsnap(prog => 'startstop', opts => \@opts);
    is($r->{exit}, 1, "$opt: exit status 1");
    is($r->{stdout}, '', "$opt: the program did not run");
    like($r->{stderr}, qr/^valgrind: Bad option: \Q$opt\E$/m, "$opt: Valgrind's 'Bad option' error");
    like($r->{stderr}, $why, "$opt: the reason");
    is(scalar(keys %{ $r->{files} }), 0, "$opt: no output file");
}

# Good values are accepted.
for my $opt ('--depth=1', '--depth=500', '--key=filename', '--key=lineno,cumulative',
             '--stats-at-exit=0', '--trace-at-start=yes', '--alloc-fn=foo*',
             '--unwind-memo=no', '--peak-inaccuracy=0', '--peak-inaccuracy=2.5',
             '--stats-at-peak=0', '--time-unit=ms', '--time-unit=i',
             '--snapshot-every=1B', '--snapshot-every=3GiB', '--snapshot-every=5s',
             '--snapshot-every=100i', '--max-auto-snapshots=2', '--max-auto-snapshots=100000',
             '--memsnap-out-file=x.%p') {
    my $r = run_memsnap(prog => 'startstop', opts => [ $opt ]);
    is($r->{exit}, 0, "$opt: accepted");
}

# Without --memsnap-out-file the file is memsnap.out.<pid> in the current
# directory.
my $r = run_memsnap(prog => 'startstop', out_file => '');
ok(defined $r->{file}, 'default output file memsnap.out.<pid> written');
like($r->{stderr}, qr/\bmemsnap\.out\.PID\b/, 'and named in the log');

my $h = run_memsnap(prog => 'startstop', opts => [ '--help' ]);
is($h->{exit}, 0, '--help: exit 0');
my $hd = run_memsnap(prog => 'startstop', opts => [ '--help-debug' ]);
# The options of the manual's table, and those --help and --help-debug
# list under "user options for memsnap" (the debug ones after it).
my ($table) = slurp(srcdir() . '/docs/memsnap.md') =~ /^## Options\n(.*?)^## /ms;
my %manual = map { $_ => 1 } ($table // '') =~ /^\| `(--[a-z-]+)/mg;
my ($user) = $h->{stdout} =~ /user options for memsnap:\n(.*?)\n\n/s;
my %help = map { $_ => 1 } ($user // '') =~ /^    (--[a-z-]+)/mg;
my ($debug) = $hd->{stdout} =~ /debugging options for memsnap:\n(.*?)\n\n/s;
my %help_debug = map { $_ => 1 } ($debug // '') =~ /^    (--[a-z-]+)/mg;
cmp_ok(scalar(keys %manual), '>=', 9, 'the manual lists the options (' . join(' ', sort keys %manual) . ')');
for my $o (sort keys %manual) {
    ok($help{$o}, "--help lists $o, an option of the manual");
}
for my $o (sort keys %help) {
    like($table // '', qr/`\Q$o\E[=`]/, "the manual's Options section documents $o, listed by --help");
}
ok($help_debug{'--unwind-memo'}, '--help-debug lists --unwind-memo');
like(slurp(srcdir() . '/docs/memsnap.md'), qr/--help-debug.*\n?.*--unwind-memo/,
     'the manual mentions --unwind-memo with --help-debug');
like($h->{stdout}, qr/\[memsnap\.out\.%p\]/, '--help: default output file');
like($h->{stdout}, qr/\[12\]/, '--help: default depth 12');
like($h->{stdout}, qr/\[10\]/, '--help: default --stats-at-exit 10');
like($hd->{stdout}, qr/^\s+--unwind-memo=no\|yes .*\n.*\[yes\]/m,
     '--help-debug lists --unwind-memo, default yes');
done_testing();
